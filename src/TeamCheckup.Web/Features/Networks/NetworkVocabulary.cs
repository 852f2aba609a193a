namespace TeamCheckup.Web.Features.Networks;

/// <summary>What a network is: an informal staff network, or the internal advisory group "Politie voor iedereen" in which
/// the networks sit (seed 001, "Effectieve teams").</summary>
public static class NetworkKinds
{
    public const string StaffNetwork = "StaffNetwork";
    public const string AdvisoryGroup = "AdvisoryGroup";
    public static readonly IReadOnlyList<string> All = [StaffNetwork, AdvisoryGroup];
}

/// <summary>Asked or unasked (seed 001: the advisory group signals and advises leadership "gevraagd en ongevraagd").</summary>
public static class SignalKinds
{
    /// <summary>A signal nobody asked for: something the network sees happening.</summary>
    public const string Unasked = "Unasked";
    /// <summary>Advice leadership asked the network or the advisory group for.</summary>
    public const string AdviceOnRequest = "AdviceOnRequest";
    public static readonly IReadOnlyList<string> All = [Unasked, AdviceOnRequest];
}

/// <summary>
/// The fixed themes of a signal, from seed 003 (theme 9 "Omgangsvormen", theme 11 "Diversiteit, inclusie en integriteit":
/// safe and diverse teams, the connection with society, a learning organisation) and seed 001 (safe, competent and
/// effective teams; how minority groups see the police). A theme, never a person.
/// </summary>
public static class SignalThemes
{
    public const string Conduct = "Conduct";                       // omgangsvormen
    public const string DiversityInclusion = "DiversityInclusion"; // diversiteit en inclusie
    public const string Integrity = "Integrity";                   // integriteit
    public const string SocialSafety = "SocialSafety";             // sociale veiligheid
    public const string Workload = "Workload";                     // werkdruk
    public const string Leadership = "Leadership";                 // leiderschap
    public const string Community = "Community";                   // verbinding met de samenleving
    public const string Other = "Other";                           // overig
    public static readonly IReadOnlyList<string> All = [Conduct, DiversityInclusion, Integrity, SocialSafety, Workload, Leadership, Community, Other];
}

/// <summary>The entries of a signal's thread.</summary>
public static class SignalEntryKinds
{
    /// <summary>Leadership confirms it has the signal (an optional word with it).</summary>
    public const string Acknowledgement = "Acknowledgement";
    /// <summary>Leadership's answer; the first one meets the answer deadline.</summary>
    public const string Answer = "Answer";
    /// <summary>The network asks a follow-up question.</summary>
    public const string FollowUp = "FollowUp";
}
