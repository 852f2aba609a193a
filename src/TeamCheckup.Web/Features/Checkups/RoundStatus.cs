using TeamCheckup.Web.Features.Organisation;
using TeamCheckup.Web.Features.Privacy;

namespace TeamCheckup.Web.Features.Checkups;

public enum RoundStatus { Due, PulseOpen, Review, Completed }

/// <summary>A round's state, derived from its timestamps (never stored twice).</summary>
public class RoundState
{
    public int Id { get; set; }
    public int TeamId { get; set; }
    public DateOnly PeriodStart { get; set; }
    public DateOnly PeriodEnd { get; set; }
    public int CadenceMonths { get; set; }
    public DateTime? PulseOpenedAt { get; set; }
    public DateOnly? PulseClosesOn { get; set; }
    public DateTime? PulseClosedAt { get; set; }
    public DateTime? CompletedAt { get; set; }
    public int? KThreshold { get; set; }
    public int? KcThreshold { get; set; }
    public int? QuestionnaireVersionId { get; set; }
    public int CodesIssued { get; set; }
    public int ResponseCount { get; set; }
    public int? HeadcountAtOpen { get; set; }
    public bool TensionFlag { get; set; }
    public string? TensionDescription { get; set; }

    public const string Columns =
        "r.id AS Id, r.team_id AS TeamId, r.period_start AS PeriodStart, r.period_end AS PeriodEnd, r.cadence_months AS CadenceMonths, " +
        "r.pulse_opened_at AS PulseOpenedAt, r.pulse_closes_on AS PulseClosesOn, r.pulse_closed_at AS PulseClosedAt, r.completed_at AS CompletedAt, " +
        "r.k_threshold AS KThreshold, r.kc_threshold AS KcThreshold, r.questionnaire_version_id AS QuestionnaireVersionId, " +
        "r.codes_issued AS CodesIssued, r.response_count AS ResponseCount, r.headcount_at_open AS HeadcountAtOpen, " +
        "r.tension_flag AS TensionFlag, r.tension_description AS TensionDescription";

    public RoundStatus Status => CompletedAt is not null ? RoundStatus.Completed
        : PulseOpenedAt is null ? RoundStatus.Due
        : PulseClosedAt is null ? RoundStatus.PulseOpen
        : RoundStatus.Review;

    /// <summary>Not completed 30 days after the period started (SPEC §4).</summary>
    public bool IsOverdue(DateOnly today) => CompletedAt is null && today > PeriodStart.AddDays(CheckupPeriod.OverdueAfterDays);

    /// <summary>An open pulse past its last day counts as closed even before the closing job has run.</summary>
    public bool AcceptsResponses(DateOnly today) => Status == RoundStatus.PulseOpen && PulseClosesOn is { } last && today <= last;

    public Thresholds Thresholds => Thresholds.OfRound(KThreshold, KcThreshold);

    public CheckupPeriod Period => new(PeriodStart, PeriodEnd, CadenceMonths);
}

/// <summary>A round with its stored results (round_results, LEFT JOINed as <c>x</c>): the dashboard's trend and the team report.</summary>
public sealed class RoundWithResult : RoundState
{
    public int Respondents { get; set; }
    public double? PsIndex { get; set; }
    public double? SatisfactionMean { get; set; }
    public double? WorkloadMean { get; set; }
    public double? AftercareMean { get; set; }
    public double? ExperiencedShare { get; set; }
    public double? WitnessedShare { get; set; }
    public double? ResponseRate { get; set; }
    public bool HasResult { get; set; }

    /// <summary>Select list for <c>FROM checkup_rounds r LEFT JOIN round_results x ON x.round_id = r.id</c>.</summary>
    public new const string Columns = RoundState.Columns + ", " +
        "x.respondents AS Respondents, x.ps_index AS PsIndex, x.satisfaction_mean AS SatisfactionMean, x.workload_mean AS WorkloadMean, " +
        "x.aftercare_mean AS AftercareMean, x.experienced_share AS ExperiencedShare, x.witnessed_share AS WitnessedShare, " +
        "x.response_rate AS ResponseRate, CASE WHEN x.round_id IS NULL THEN 0 ELSE 1 END AS HasResult";

    public RoundResult ToResult() => new()
    {
        RoundId = Id, Respondents = Respondents, PsIndex = PsIndex, SatisfactionMean = SatisfactionMean, WorkloadMean = WorkloadMean,
        AftercareMean = AftercareMean, ExperiencedShare = ExperiencedShare, WitnessedShare = WitnessedShare, ResponseRate = ResponseRate,
    };
}
