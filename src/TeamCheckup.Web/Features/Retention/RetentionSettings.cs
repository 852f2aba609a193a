using System.Data.Common;
using System.Globalization;
using Dapper;
using FluentValidation;
using Microsoft.Extensions.Localization;
using TeamCheckup.Web.Features.Reports;
using TeamCheckup.Web.Infrastructure.Audit;
using TeamCheckup.Web.Infrastructure.Auth;
using TeamCheckup.Web.Infrastructure.Database;
using TeamCheckup.Web.Infrastructure.Time;

namespace TeamCheckup.Web.Features.Retention;

/// <summary>
/// How long each kind of data is kept (SPEC §9 P6; the defaults and their grounds are in the README): raw pulse answers
/// and their comments months after the round completes, anonymous-report threads months after their case closes,
/// closed cases years after closing, archived reports years after their quarter.
/// </summary>
public sealed record RetentionPeriods(int PulseAnswersMonths, int ReportThreadsMonths, int ClosedCasesYears, int ArchivedReportsYears)
{
    public static readonly RetentionPeriods Default = new(12, 12, 5, 7);

    public const string PulseAnswersName = "retention.pulse_answers_months", ReportThreadsName = "retention.report_threads_months",
        ClosedCasesName = "retention.closed_cases_years", ArchivedReportsName = "retention.archived_reports_years";

    public static async Task<RetentionPeriods> LoadAsync(DbConnection connection, DbTransaction? transaction = null)
    {
        var values = (await connection.QueryAsync<(string Name, string Value)>("SELECT name, value FROM settings WHERE name LIKE 'retention.%'", transaction: transaction))
            .ToDictionary(v => v.Name, v => int.Parse(v.Value, CultureInfo.InvariantCulture));
        return new RetentionPeriods(values.GetValueOrDefault(PulseAnswersName, Default.PulseAnswersMonths), values.GetValueOrDefault(ReportThreadsName, Default.ReportThreadsMonths),
            values.GetValueOrDefault(ClosedCasesName, Default.ClosedCasesYears), values.GetValueOrDefault(ArchivedReportsName, Default.ArchivedReportsYears));
    }
}

/// <summary>The moments before which a run removes data, fixed when the run starts.</summary>
public sealed record RetentionCutoffs(DateTime PulseAnswersBefore, DateTime ReportThreadsBefore, DateTime ClosedCasesBefore, Quarter ReportsBefore)
{
    /// <summary>A round never completed counts from the last day of its period.</summary>
    public DateOnly PulseAnswersBeforeDay => DateOnly.FromDateTime(PulseAnswersBefore);

    public static RetentionCutoffs For(RetentionPeriods periods, Clock clock) => new(
        clock.UtcNow.AddMonths(-periods.PulseAnswersMonths),
        clock.UtcNow.AddMonths(-periods.ReportThreadsMonths),
        clock.UtcNow.AddYears(-periods.ClosedCasesYears),
        // Quarters before the one that holds the day N years ago: a quarter goes once it ended more than N years ago.
        Quarter.Of(clock.Today.AddYears(-periods.ArchivedReportsYears)));
}

public sealed class RetentionSettingsForm
{
    public int? PulseAnswersMonths { get; set; }
    public int? ReportThreadsMonths { get; set; }
    public int? ClosedCasesYears { get; set; }
    public int? ArchivedReportsYears { get; set; }
}

public sealed class RetentionSettingsFormValidator : AbstractValidator<RetentionSettingsForm>
{
    public RetentionSettingsFormValidator(IStringLocalizer<SharedResource> t)
    {
        // Answers are needed until the round's results are final; a thread at least as long as the 3-month feedback term.
        RuleFor(f => f.PulseAnswersMonths).NotNull().InclusiveBetween(1, 120).WithName(_ => t["Retention.PulseAnswers"]);
        RuleFor(f => f.ReportThreadsMonths).NotNull().InclusiveBetween(3, 120).WithName(_ => t["Retention.ReportThreads"]);
        RuleFor(f => f.ClosedCasesYears).NotNull().InclusiveBetween(1, 30).WithName(_ => t["Retention.ClosedCases"]);
        RuleFor(f => f.ArchivedReportsYears).NotNull().InclusiveBetween(1, 30).WithName(_ => t["Retention.ArchivedReports"]);
    }
}

/// <summary>Reads and saves the periods; a change is in the audit trail with the old and new values.</summary>
public sealed class RetentionSettingsHandler(DbConnectionFactory connections, AuditTrail audit, CurrentUser user)
{
    public async Task<RetentionSettingsForm> LoadAsync()
    {
        await using var connection = await connections.OpenAsync();
        var p = await RetentionPeriods.LoadAsync(connection);
        return new RetentionSettingsForm { PulseAnswersMonths = p.PulseAnswersMonths, ReportThreadsMonths = p.ReportThreadsMonths, ClosedCasesYears = p.ClosedCasesYears, ArchivedReportsYears = p.ArchivedReportsYears };
    }

    public async Task SaveAsync(RetentionSettingsForm form)
    {
        await using var connection = await connections.OpenAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        var before = await RetentionPeriods.LoadAsync(connection, transaction);
        var values = new Dictionary<string, int>
        {
            [RetentionPeriods.PulseAnswersName] = form.PulseAnswersMonths!.Value, [RetentionPeriods.ReportThreadsName] = form.ReportThreadsMonths!.Value,
            [RetentionPeriods.ClosedCasesName] = form.ClosedCasesYears!.Value, [RetentionPeriods.ArchivedReportsName] = form.ArchivedReportsYears!.Value,
        };
        foreach (var (name, value) in values)
        {
            var text = value.ToString(CultureInfo.InvariantCulture);
            if (await connection.ExecuteAsync("UPDATE settings SET value = @text WHERE name = @name", new { text, name }, transaction) == 0)
                await connection.ExecuteAsync("INSERT INTO settings (name, value) VALUES (@name, @text)", new { name, text }, transaction);
        }
        await audit.AppendAsync(connection, transaction, user.UserName, AuditActions.AdminChange, "settings:retention",
            $"pulse answers {before.PulseAnswersMonths}→{form.PulseAnswersMonths} months; report threads {before.ReportThreadsMonths}→{form.ReportThreadsMonths} months; " +
            $"closed cases {before.ClosedCasesYears}→{form.ClosedCasesYears} years; archived reports {before.ArchivedReportsYears}→{form.ArchivedReportsYears} years");
        await transaction.CommitAsync();
    }
}
