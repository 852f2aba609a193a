using System.Data.Common;
using System.Globalization;
using Dapper;
using TeamCheckup.Web.Features.Checkups;

namespace TeamCheckup.Web.Features.Retention;

/// <summary>The size of one batch, as the dialect's paging clause (the query orders by id).</summary>
public sealed record Paging(string Clause);

/// <summary>What a run removed (or, as a preview, would remove). Counts only: which rows is never recorded.</summary>
public sealed class RetentionCounts
{
    public int Rounds { get; set; }
    public int PulseAnswers { get; set; }
    public int Comments { get; set; }
    public int Codes { get; set; }
    public int ReportThreads { get; set; }
    public int Messages { get; set; }
    public int Cases { get; set; }
    public int CaseEntries { get; set; }
    public int CaseMembers { get; set; }
    public int Signals { get; set; }
    public int Incidents { get; set; }
    public int ArchivedReports { get; set; }

    public bool IsEmpty => Rounds + ReportThreads + Cases + ArchivedReports == 0;

    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"rounds={Rounds}; pulse_answers={PulseAnswers}; comments={Comments}; codes={Codes}; report_threads={ReportThreads}; messages={Messages}; " +
        $"cases={Cases}; case_entries={CaseEntries}; case_members={CaseMembers}; signals={Signals}; incidents={Incidents}; archived_reports={ArchivedReports}");
}

/// <summary>
/// The four kinds of retention work, each as "what is due" (the same conditions for the preview and the run) and "one
/// batch of it" (its own transaction, so a stopped run keeps what it finished and the next carries on). Every condition
/// excludes what is already done, so running twice removes nothing twice.
/// </summary>
public static class RetentionWork
{
    // Raw pulse answers of rounds completed before the cut-off (never completed: the period ended before it).
    private const string DueRounds = "FROM checkup_rounds r WHERE r.answers_purged_at IS NULL AND r.pulse_opened_at IS NOT NULL " +
        "AND (r.completed_at < @PulseAnswersBefore OR (r.completed_at IS NULL AND r.period_end < @PulseAnswersBeforeDay))";
    // Threads of anonymous reports whose case closed before the cut-off.
    private const string DueThreads = "FROM anonymous_reports a WHERE a.thread_closed_at IS NULL AND EXISTS (SELECT 1 FROM signals s " +
        "JOIN cases c ON c.id = s.case_id WHERE s.report_id = a.id AND c.closed_at < @ReportThreadsBefore)";
    private const string DueCases = "FROM cases c WHERE c.anonymised_at IS NULL AND c.closed_at < @ClosedCasesBefore";
    private const string DueReports = "FROM report_archive ra WHERE ra.quarter < @reportsBefore";

    private static object Parameters(RetentionCutoffs cut) => new
    {
        cut.PulseAnswersBefore, cut.PulseAnswersBeforeDay, cut.ReportThreadsBefore, cut.ClosedCasesBefore, reportsBefore = cut.ReportsBefore.Key,
    };

    public static async Task<RetentionCounts> PreviewAsync(DbConnection connection, RetentionCutoffs cut)
    {
        var p = Parameters(cut);
        async Task<int> Count(string sql) => await connection.ExecuteScalarAsync<int>(sql, p);
        const string caseReports = $"SELECT s.report_id FROM signals s WHERE s.case_id IN (SELECT c.id {DueCases})";
        return new RetentionCounts
        {
            Rounds = await Count($"SELECT COUNT(*) {DueRounds}"),
            PulseAnswers = await Count($"SELECT COUNT(*) FROM pulse_responses WHERE round_id IN (SELECT r.id {DueRounds})"),
            Comments = await Count($"SELECT COUNT(*) FROM pulse_responses WHERE comment IS NOT NULL AND round_id IN (SELECT r.id {DueRounds})"),
            Codes = await Count($"SELECT COUNT(*) FROM participation_codes WHERE round_id IN (SELECT r.id {DueRounds})"),
            ReportThreads = await Count($"SELECT COUNT(*) {DueThreads}"),
            Messages = await Count($"SELECT COUNT(*) FROM report_messages WHERE report_id IN (SELECT a.id {DueThreads}) OR report_id IN ({caseReports})"),
            Cases = await Count($"SELECT COUNT(*) {DueCases}"),
            CaseEntries = await Count($"SELECT COUNT(*) FROM case_entries WHERE case_id IN (SELECT c.id {DueCases})"),
            CaseMembers = await Count($"SELECT COUNT(*) FROM case_members WHERE case_id IN (SELECT c.id {DueCases})"),
            Signals = await Count($"SELECT COUNT(*) FROM signals WHERE case_id IN (SELECT c.id {DueCases})"),
            Incidents = await Count($"SELECT COUNT(*) FROM incidents WHERE id IN (SELECT s.incident_id FROM signals s WHERE s.case_id IN (SELECT c.id {DueCases}))"),
            ArchivedReports = await Count($"SELECT COUNT(*) {DueReports}"),
        };
    }

    private static async Task<int[]> BatchAsync(DbConnection connection, DbTransaction transaction, string idAndDue, string orderBy, RetentionCutoffs cut, Paging paging) =>
        (await connection.QueryAsync<int>($"SELECT {idAndDue} ORDER BY {orderBy} {paging.Clause}", Parameters(cut), transaction)).ToArray();

    /// <summary>Rounds: results are there (a pulse still open is closed first, which computes them), then the answers,
    /// comments and codes go and the round is marked. Returns false when nothing was due.</summary>
    public static async Task<bool> PurgeRoundsAsync(DbConnection connection, DbTransaction transaction, RetentionCutoffs cut, Paging batch, DateTime now, RetentionCounts counts)
    {
        var ids = await BatchAsync(connection, transaction, $"r.id {DueRounds}", "r.id", cut, batch);
        if (ids.Length == 0) return false;
        foreach (var open in await connection.QueryAsync<int>("SELECT id FROM checkup_rounds WHERE id IN @ids AND pulse_closed_at IS NULL", new { ids }, transaction))
            await PulseClosing.CloseAsync(connection, transaction, open, now, signals: null);
        counts.Comments += await connection.ExecuteScalarAsync<int>("SELECT COUNT(*) FROM pulse_responses WHERE round_id IN @ids AND comment IS NOT NULL", new { ids }, transaction);
        counts.PulseAnswers += await connection.ExecuteAsync("DELETE FROM pulse_responses WHERE round_id IN @ids", new { ids }, transaction);
        counts.Codes += await connection.ExecuteAsync("DELETE FROM participation_codes WHERE round_id IN @ids", new { ids }, transaction);
        counts.Rounds += await connection.ExecuteAsync("UPDATE checkup_rounds SET answers_purged_at = @now WHERE id IN @ids", new { now, ids }, transaction);
        return true;
    }

    /// <summary>Anonymous-report threads: the messages go and the key stops working; the report's category and days stay.</summary>
    public static async Task<bool> PurgeThreadsAsync(DbConnection connection, DbTransaction transaction, RetentionCutoffs cut, Paging batch, DateTime now, RetentionCounts counts)
    {
        var ids = await BatchAsync(connection, transaction, $"a.id {DueThreads}", "a.id", cut, batch);
        if (ids.Length == 0) return false;
        counts.Messages += await CloseThreadsAsync(connection, transaction, ids, now);
        counts.ReportThreads += ids.Length;
        return true;
    }

    /// <summary>Closed cases are anonymised, not deleted: what the quarterly figures count stays (unit, team, discipline,
    /// priority, the days it was opened, analysed, due and closed, its outcome, its signals' rules and categories); every
    /// text and every person goes (analysis, rationale, entries, the expert team, incident descriptions, report threads).</summary>
    public static async Task<bool> AnonymiseCasesAsync(DbConnection connection, DbTransaction transaction, RetentionCutoffs cut, Paging batch, DateTime now, RetentionCounts counts)
    {
        var ids = await BatchAsync(connection, transaction, $"c.id {DueCases}", "c.id", cut, batch);
        if (ids.Length == 0) return false;
        var reports = (await connection.QueryAsync<int>("SELECT DISTINCT report_id FROM signals WHERE case_id IN @ids AND report_id IS NOT NULL", new { ids }, transaction)).ToArray();
        counts.Messages += await CloseThreadsAsync(connection, transaction, reports, now);
        counts.CaseEntries += await connection.ExecuteAsync("DELETE FROM case_entries WHERE case_id IN @ids", new { ids }, transaction);
        counts.CaseMembers += await connection.ExecuteAsync("DELETE FROM case_members WHERE case_id IN @ids", new { ids }, transaction);
        await connection.ExecuteAsync("DELETE FROM case_handovers WHERE case_id IN @ids", new { ids }, transaction);
        await connection.ExecuteAsync("DELETE FROM case_unread WHERE case_id IN @ids", new { ids }, transaction);
        // The decision's kind stays (the reports count plans by kind); its texts and the people go.
        await connection.ExecuteAsync(
            "UPDATE case_communications SET rationale = '', audience = NULL, message = NULL, spokesperson = NULL, holding_statement = NULL, " +
            "follow_up = NULL, owner_user_id = NULL, decided_by_user_id = NULL WHERE case_id IN @ids", new { ids }, transaction);
        counts.Incidents += await connection.ExecuteAsync(
            "UPDATE incidents SET description = '' WHERE id IN (SELECT incident_id FROM signals WHERE case_id IN @ids)", new { ids }, transaction);
        counts.Signals += await connection.ExecuteAsync("UPDATE signals SET payload = '{}' WHERE case_id IN @ids", new { ids }, transaction);
        counts.Cases += await connection.ExecuteAsync(
            "UPDATE cases SET analysis = NULL, outcome_rationale = NULL, anonymised_at = @now WHERE id IN @ids", new { now, ids }, transaction);
        return true;
    }

    /// <summary>Archived reports of quarters before the cut-off. The archive's trigger lets them go only while this run is open.</summary>
    public static async Task<bool> DeleteReportsAsync(DbConnection connection, DbTransaction transaction, RetentionCutoffs cut, Paging batch, RetentionCounts counts)
    {
        var ids = await BatchAsync(connection, transaction, $"ra.id {DueReports}", "ra.id", cut, batch);
        if (ids.Length == 0) return false;
        await connection.ExecuteAsync("UPDATE report_batch_items SET archive_id = NULL WHERE archive_id IN @ids", new { ids }, transaction);
        counts.ArchivedReports += await connection.ExecuteAsync("DELETE FROM report_archive WHERE id IN @ids", new { ids }, transaction);
        return true;
    }

    private static async Task<int> CloseThreadsAsync(DbConnection connection, DbTransaction transaction, int[] reportIds, DateTime now)
    {
        if (reportIds.Length == 0) return 0;
        var messages = await connection.ExecuteAsync("DELETE FROM report_messages WHERE report_id IN @reportIds", new { reportIds }, transaction);
        await connection.ExecuteAsync("UPDATE anonymous_reports SET key_hash = '', key_salt = '', thread_closed_at = @now WHERE id IN @reportIds AND thread_closed_at IS NULL",
            new { now, reportIds }, transaction);
        return messages;
    }
}
