using System.Globalization;
using Dapper;
using FluentValidation;
using Microsoft.Extensions.Localization;
using TeamCheckup.Web.Features.Triage;
using TeamCheckup.Web.Infrastructure.Audit;
using TeamCheckup.Web.Infrastructure.Auth;
using TeamCheckup.Web.Infrastructure.Database;

namespace TeamCheckup.Web.Features.Settings;

/// <summary>The triage thresholds of SPEC §6 as the Administrator edits them (the share as a percentage).</summary>
public sealed class RuleSettingsForm
{
    public decimal? LowSatisfactionMean { get; set; }
    public decimal? LowPsIndex { get; set; }
    public decimal? DropSatisfaction { get; set; }
    public decimal? DropPsIndex { get; set; }
    public decimal? UnacceptablePercent { get; set; }
    public int? OverdueAfterDays { get; set; }
    public string? OverdueDiscipline { get; set; }
    public string? OverduePriority { get; set; }

    public static RuleSettingsForm From(RuleSettings rules) => new()
    {
        LowSatisfactionMean = (decimal)rules.LowSatisfactionMean, LowPsIndex = (decimal)rules.LowPsIndex,
        DropSatisfaction = (decimal)rules.DropSatisfaction, DropPsIndex = (decimal)rules.DropPsIndex,
        UnacceptablePercent = (decimal)rules.UnacceptableShare * 100,
        OverdueAfterDays = rules.OverdueAfterDays, OverdueDiscipline = rules.OverdueDiscipline, OverduePriority = rules.OverduePriority,
    };

    public RuleSettings ToRules() => new((double)LowSatisfactionMean!.Value, (double)LowPsIndex!.Value,
        (double)DropSatisfaction!.Value, (double)DropPsIndex!.Value, (double)UnacceptablePercent!.Value / 100,
        OverdueAfterDays ?? RuleSettings.Default.OverdueAfterDays, OverdueDiscipline ?? RuleSettings.Default.OverdueDiscipline,
        OverduePriority ?? RuleSettings.Default.OverduePriority);
}

public sealed class RuleSettingsFormValidator : AbstractValidator<RuleSettingsForm>
{
    public RuleSettingsFormValidator(IStringLocalizer<SharedResource> t)
    {
        RuleFor(f => f.LowSatisfactionMean).NotNull().InclusiveBetween(1m, 10m).WithName(_ => t["Rules.LowSatisfactionMean"]);
        RuleFor(f => f.LowPsIndex).NotNull().InclusiveBetween(0m, 100m).WithName(_ => t["Rules.LowPsIndex"]);
        RuleFor(f => f.DropSatisfaction).NotNull().InclusiveBetween(0.1m, 9m).WithName(_ => t["Rules.DropSatisfaction"]);
        RuleFor(f => f.DropPsIndex).NotNull().InclusiveBetween(1m, 100m).WithName(_ => t["Rules.DropPsIndex"]);
        RuleFor(f => f.UnacceptablePercent).NotNull().InclusiveBetween(1m, 100m).WithName(_ => t["Rules.UnacceptablePercent"]);
        RuleFor(f => f.OverdueAfterDays).NotNull().InclusiveBetween(1, 366).WithName(_ => t["Rules.OverdueDays"]);
        RuleFor(f => f.OverdueDiscipline).Must(d => d is not null && RuleSettings.LeadDisciplines.Contains(d)).WithName(_ => t["Rules.OverdueDiscipline"]);
        RuleFor(f => f.OverduePriority).Must(p => p is not null && RuleSettings.PriorityValues.Contains(p)).WithName(_ => t["Rules.OverduePriority"]);
    }
}

/// <summary>Saves the rule thresholds; the change (old and new values) is audit-logged, and each signal
/// keeps the values it was judged by in its own outcome.</summary>
public sealed class RuleSettingsHandler(DbConnectionFactory connections, AuditTrail audit, CurrentUser user)
{
    public async Task<RuleSettings> LoadAsync()
    {
        await using var connection = await connections.OpenAsync();
        return await RuleSettings.LoadAsync(connection);
    }

    public async Task SaveAsync(RuleSettingsForm form)
    {
        var rules = form.ToRules();
        await using var connection = await connections.OpenAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        var before = await RuleSettings.LoadAsync(connection, transaction);
        string N(double value) => value.ToString("0.###", CultureInfo.InvariantCulture);
        var values = new Dictionary<string, string>
        {
            [nameof(RuleSettings.LowSatisfactionMean)] = N(rules.LowSatisfactionMean), [nameof(RuleSettings.LowPsIndex)] = N(rules.LowPsIndex),
            [nameof(RuleSettings.DropSatisfaction)] = N(rules.DropSatisfaction), [nameof(RuleSettings.DropPsIndex)] = N(rules.DropPsIndex),
            [nameof(RuleSettings.UnacceptableShare)] = N(rules.UnacceptableShare), [nameof(RuleSettings.OverdueAfterDays)] = N(rules.OverdueAfterDays),
            [nameof(RuleSettings.OverdueDiscipline)] = rules.OverdueDiscipline, [nameof(RuleSettings.OverduePriority)] = rules.OverduePriority,
        };
        foreach (var (property, text) in values)
        {
            var name = RuleSettings.Keys[property];
            if (await connection.ExecuteAsync("UPDATE settings SET value = @text WHERE name = @name", new { text, name }, transaction) == 0)
                await connection.ExecuteAsync("INSERT INTO settings (name, value) VALUES (@name, @text)", new { name, text }, transaction);
        }
        await audit.AppendAsync(connection, transaction, user.UserName, AuditActions.AdminChange, "settings:triage-rules", $"from {before} to {rules}");
        await transaction.CommitAsync();
    }
}
