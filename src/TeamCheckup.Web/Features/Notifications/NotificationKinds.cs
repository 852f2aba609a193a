namespace TeamCheckup.Web.Features.Notifications;

/// <summary>How an event reaches a user besides the inbox: an e-mail at once, one e-mail a day, or the inbox only.</summary>
public static class Deliveries
{
    public const string Immediate = "Immediate";
    public const string Digest = "Digest";
    public const string InApp = "InApp";
    public static readonly IReadOnlyList<string> All = [Immediate, Digest, InApp];
}

/// <summary>
/// Every event the app tells people about (README "Notifications" lists who gets which). Critical kinds
/// (breached deadlines) always go out by e-mail at once: a preference cannot switch them off.
/// </summary>
public static class NotificationKinds
{
    public const string RoundDue = "RoundDue";
    public const string RoundOverdue = "RoundOverdue";
    public const string RoundEscalated = "RoundEscalated";
    public const string CaseOpened = "CaseOpened";
    public const string TriageDeadlineWarning = "TriageDeadlineWarning";
    public const string TriageDeadlineBreached = "TriageDeadlineBreached";
    public const string AcknowledgeWarning = "AcknowledgeWarning";
    public const string AcknowledgeBreached = "AcknowledgeBreached";
    public const string FeedbackWarning = "FeedbackWarning";
    public const string FeedbackBreached = "FeedbackBreached";
    public const string AgreementDue = "AgreementDue";
    public const string AgreementOverdue = "AgreementOverdue";
    public const string ReportReady = "ReportReady";
    /// <summary>A case's lead moved to the recipient's discipline (a signal of theirs joined it, or a handover was accepted).</summary>
    public const string CaseLeadMoved = "CaseLeadMoved";
    /// <summary>The recipient's discipline leads a case and is asked to hand it over to the discipline of a signal that joined it.</summary>
    public const string CaseHandoverRequested = "CaseHandoverRequested";
    public const string RoundInvitation = "RoundInvitation";
    public const string SupportRequested = "SupportRequested";
    public const string SupportAccepted = "SupportAccepted";
    /// <summary>The networks' signals to leadership (Features/Networks/NetworkSignalNotices).</summary>
    public const string NetworkSignalFiled = "NetworkSignalFiled";
    public const string NetworkSignalFollowUp = "NetworkSignalFollowUp";
    public const string NetworkSignalAcknowledgeWarning = "NetworkSignalAcknowledgeWarning";
    public const string NetworkSignalAcknowledgeBreached = "NetworkSignalAcknowledgeBreached";
    public const string NetworkSignalAnswerWarning = "NetworkSignalAnswerWarning";
    public const string NetworkSignalAnswerBreached = "NetworkSignalAnswerBreached";
    public const string NetworkSignalAcknowledged = "NetworkSignalAcknowledged";
    public const string NetworkSignalAnswered = "NetworkSignalAnswered";

    public static readonly IReadOnlyList<string> All =
    [
        RoundDue, RoundOverdue, RoundEscalated, CaseOpened, TriageDeadlineWarning, TriageDeadlineBreached,
        AcknowledgeWarning, AcknowledgeBreached, FeedbackWarning, FeedbackBreached, AgreementDue, AgreementOverdue, ReportReady,
        CaseLeadMoved, CaseHandoverRequested,
        RoundInvitation, SupportRequested, SupportAccepted,
        NetworkSignalFiled, NetworkSignalFollowUp, NetworkSignalAcknowledgeWarning, NetworkSignalAcknowledgeBreached,
        NetworkSignalAnswerWarning, NetworkSignalAnswerBreached, NetworkSignalAcknowledged, NetworkSignalAnswered,
    ];

    public static readonly IReadOnlySet<string> Critical = new HashSet<string>
    {
        TriageDeadlineBreached, AcknowledgeBreached, FeedbackBreached, NetworkSignalAcknowledgeBreached, NetworkSignalAnswerBreached,
    };

    public static bool IsCritical(string kind) => Critical.Contains(kind);

    /// <summary>Which argument of a kind's text is a number of days (its words change for one day), if any.</summary>
    public static int? CountArgument(string kind) => Critical.Contains(kind) ? 2 : null;

    /// <summary>What a user gets without having chosen: e-mail at once for what needs action, the digest for news.</summary>
    public static string DefaultDelivery(string kind) => kind is ReportReady or AgreementDue or RoundDue ? Deliveries.Digest : Deliveries.Immediate;
}
