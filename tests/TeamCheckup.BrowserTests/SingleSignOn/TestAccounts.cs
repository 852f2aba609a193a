using Dapper;
using TeamCheckup.Web.Infrastructure.Database;

namespace TeamCheckup.BrowserTests.SingleSignOn;

/// <summary>
/// The accounts of the test provider. The login is also the subject (<c>sub</c>). Some carry their claims in
/// the ID token, others only at the userinfo endpoint (the ID token then holds nothing but <c>sub</c>).
/// </summary>
public static class TestAccounts
{
    public const string Password = "geheim-van-de-organisatie";

    public const string IdTokenLead = "lead-idtoken";
    public const string UserinfoLead = "lead-userinfo";
    public const string UserinfoChief = "chief-userinfo";
    public const string SignOutLead = "lead-signout";
    public const string BackChannelLead = "lead-backchannel";
    public const string RecheckLead = "lead-recheck";
    public const string OutageLead = "lead-outage";
    public const string NoRole = "no-role";
    public const string UnknownRole = "unknown-role";
    public const string Deactivated = "deactivated";
    public const string NameClash = "name-clash";

    /// <summary>The local demo account whose user name <see cref="NameClash"/> also claims.</summary>
    public const string LocalTeamLead = "teamchef";

    public static IReadOnlyDictionary<string, ProviderAccount> All => Build(recheckLeadTeam: 1);

    /// <summary>The accounts after the provider moved <see cref="RecheckLead"/> to another team.</summary>
    public static IReadOnlyDictionary<string, ProviderAccount> WithRecheckLeadMovedTo(int team) => Build(team);

    private static Dictionary<string, ProviderAccount> Build(int recheckLeadTeam) => new()
    {
        [IdTokenLead] = Account("id_token", "ilse.idtoken", "Ilse IDtoken", ["TC-Teamchef"], ["Team:1"]),
        [UserinfoLead] = Account("userinfo", "ulla.userinfo", "Ulla Userinfo", ["TC-Teamchef"], ["Team:2"]),
        [UserinfoChief] = Account("userinfo", "carl.chef", "Carl Chef", ["TC-Chef"], ["Unit:1"]),
        [SignOutLead] = Account("id_token", "sam.signout", "Sam Signout", ["TC-Teamchef"], ["Team:1"]),
        [BackChannelLead] = Account("userinfo", "bo.backchannel", "Bo Backchannel", ["TC-Teamchef"], ["Team:1"]),
        [RecheckLead] = Account("userinfo", "rik.recheck", "Rik Recheck", ["TC-Teamchef"], [$"Team:{recheckLeadTeam}"]),
        [OutageLead] = Account("id_token", "otto.outage", "Otto Outage", ["TC-Teamchef"], ["Team:1"]),
        [NoRole] = Account("id_token", "nina.norole", "Nina Norole", [], []),
        [UnknownRole] = Account("userinfo", "ugo.unknown", "Ugo Unknown", ["Domain Users", "Chief"], ["Unit:1"]),
        [Deactivated] = Account("id_token", "dirk.deactivated", "Dirk Deactivated", ["TC-Teamchef"], ["Team:1"]),
        [NameClash] = Account("id_token", LocalTeamLead, "Iemand Anders", ["TC-Teamchef"], ["Team:1"]),
    };

    private static ProviderAccount Account(string claimsIn, string userName, string name, string[] roles, string[] scopes) =>
        new(Password, claimsIn, new Dictionary<string, object>
        {
            ["preferred_username"] = userName,
            ["name"] = name,
            ["email"] = userName + "@politie.example",
            ["roles"] = roles,
            ["teamcheckup_scope"] = scopes,
        });

    /// <summary>What the app already knows: <see cref="Deactivated"/> signed in before and was deactivated by an administrator.</summary>
    public static async Task PrepareAppAsync(DbConnectionFactory connections)
    {
        await using var connection = await connections.OpenAsync();
        await connection.ExecuteAsync(
            "INSERT INTO users (user_name, display_name, email, external_subject, is_active, failed_sign_in_count, created_at) " +
            "VALUES ('dirk.deactivated', 'Dirk Deactivated', NULL, @subject, 0, 0, @now)",
            new { subject = Deactivated, now = DateTime.UtcNow });
    }
}
