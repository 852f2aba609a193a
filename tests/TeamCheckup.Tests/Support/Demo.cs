using TeamCheckup.Web.Infrastructure.Database;

namespace TeamCheckup.Tests.Support;

/// <summary>The demo organisation the app seeds (Infrastructure/Database/DemoData.cs), by id.</summary>
public static class Demo
{
    public const string Administrator = "beheerder";
    public const string TeamLead = "teamchef";        // leads teams 1 and 2 (unit 1, Midden-Nederland)
    public const string TeamLead2 = "teamchef2";      // leads team 7 (unit 2, Oost-Nederland)
    public const string Hrm = "hrm";                  // unit 1
    public const string Vik = "vik";                  // unit 1
    public const string Communications = "communicatie"; // unit 1
    public const string Chief = "chef";               // unit 1
    public const string Expert = "bedrijfsarts";      // Expert (occupational health), no scope: only the cases they are added to
    public const string Authority = "burgemeester";   // Authority (the mayor): the basic team Utrecht-Centrum (team 1) only
    public const string Network = "netwerk";          // Network: speaks for Netwerk Roze in Blauw and the advisory group (look ids up by user name)
    public const string Leadership = "korpschef";     // Chief with the organisation-wide scope (Leadership of the networks' signals)

    public static readonly IReadOnlyList<string> AllAccounts = DemoData.Accounts.Select(a => a.UserName).ToList();
    public static readonly IReadOnlyList<string> NonAdministrators = AllAccounts.Where(a => a != Administrator).ToList();

    public const int UnitMiddenNederland = 1;
    public const int UnitOostNederland = 2;
    public static readonly IReadOnlyList<int> TeamsOfUnit1 = [1, 2, 3, 4, 5, 6];
    public static readonly IReadOnlyList<int> TeamsOfUnit2 = [7, 8, 9, 10, 11, 12];
}
