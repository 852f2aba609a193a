using Dapper;
using Microsoft.Extensions.DependencyInjection;
using TeamCheckup.Tests.Support;
using TeamCheckup.Web.Features.Reports;
using TeamCheckup.Web.Features.Retention;
using TeamCheckup.Web.Infrastructure.Time;

namespace TeamCheckup.Tests.Features.Retention;

public partial class RetentionTests
{
    /// <summary>What a year's run must leave exactly as it was (everything but the raw answers, codes, threads and run records).</summary>
    private static readonly string[] KeptAfterAYear =
    [
        "audit_entries.*", "user_sessions.*", "users.last_sign_in_at", "retention_runs.*", "pulse_responses.*", "participation_codes.*", "report_messages.*",
        "checkup_rounds.answers_purged_at", "anonymous_reports.key_hash", "anonymous_reports.key_salt", "anonymous_reports.thread_closed_at",
    ];

    private sealed record Figures(string TeamTrend, string TeamComments, string Unit, IReadOnlyList<string> Reports);

    private Task AgeToAsync(DateTimeOffset moment)
    {
        app.Clock!.Advance(moment - app.Clock.GetUtcNow());
        return Task.CompletedTask;
    }

    /// <summary>The dry run, then the run, as the daily job does it.</summary>
    private async Task<(RetentionCounts Preview, RetentionCounts Counts)> PreviewAndRunAsync()
    {
        await using var connection = await app.OpenDbAsync();
        var cut = RetentionCutoffs.For(await RetentionPeriods.LoadAsync(connection), app.Services.GetRequiredService<Clock>());
        var preview = await RetentionWork.PreviewAsync(connection, cut);
        var counts = await ActivatorUtilities.CreateInstance<RetentionJob>(app.Services).RunAsync(CancellationToken.None);
        return (preview, counts);
    }

    /// <summary>The closed quarter's figures as people see them: team 1's dashboard trend and comments, the unit
    /// overview, and the team, HRM, VIK and chief reports of Q2 2026 rendered now.</summary>
    private async Task<Figures> FiguresAsync()
    {
        using var lead = await app.SignInAsync(Demo.TeamLead);
        var dashboard = await lead.GetHtmlAsync("/teams/1");
        using var chief = await app.SignInAsync(Demo.Chief);
        var unit = Html.Text(await chief.GetHtmlAsync("/units/1"));
        var reports = new List<string>();
        foreach (var (type, scope) in new[] { (ReportTypes.Team, 1), (ReportTypes.Hrm, 1), (ReportTypes.Vik, 1), (ReportTypes.Chief, 1) })
            reports.Add((await KnownQuarter.RenderAsync(app, type, scope, quarter: Q2)).Text);
        return new Figures(Html.Text(Html.ByTestId(dashboard, "trend-table") ?? ""), Html.Text(Html.ByTestId(dashboard, "comments") ?? ""), unit, reports);
    }

    /// <summary>Per case what the quarterly reports count: unit, team, status, discipline, priority, the days, the outcome, the rules.</summary>
    private async Task<string> CaseCountsAsync()
    {
        var cases = await app.QueryAsync<string>(
            "SELECT c.id || '|' || c.unit_id || '|' || COALESCE(c.team_id, 0) || '|' || c.status || '|' || c.lead_discipline || '|' || c.priority || '|' || " +
            "c.opened_at || '|' || COALESCE(c.analysis_at, '') || '|' || c.triage_due_on || '|' || COALESCE(c.closed_at, '') || '|' || COALESCE(c.outcome, '') FROM cases c ORDER BY c.id");
        var signals = await app.QueryAsync<string>(
            "SELECT s.case_id || '|' || s.source || '|' || COALESCE(s.outcome, '') || '|' || COALESCE(i.category, r.category, '') FROM signals s " +
            "LEFT JOIN incidents i ON i.id = s.incident_id LEFT JOIN anonymous_reports r ON r.id = s.report_id ORDER BY s.id");
        var reports = await app.QueryAsync<string>("SELECT category || '|' || received_on || '|' || COALESCE(acknowledged_at, '') || '|' || COALESCE(feedback_at, '') FROM anonymous_reports ORDER BY id");
        return string.Join("\n", cases.Concat(signals).Concat(reports));
    }
}
