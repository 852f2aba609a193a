using TeamCheckup.Tests.Support;
using TeamCheckup.Web.Infrastructure.Audit;
using TeamCheckup.Web.Infrastructure.Auth;

namespace TeamCheckup.Tests.Infrastructure.Auth;

/// <summary>The create-admin verb: the first Administrator of a production database.</summary>
[NonParallelizable] // sets a process-wide environment variable
public class CreateAdministratorVerbTests
{
    private TestApp app = null!;
    private string? savedPassword;

    [OneTimeSetUp]
    public async Task Start()
    {
        app = await TestApp.StartAsync(new TestAppOptions { Environment = "Production" });
        savedPassword = Environment.GetEnvironmentVariable("TEAMCHECKUP_ADMIN_PASSWORD");
    }

    [OneTimeTearDown]
    public void Stop()
    {
        Environment.SetEnvironmentVariable("TEAMCHECKUP_ADMIN_PASSWORD", savedPassword);
        app.Dispose();
    }

    [Test]
    public async Task Creates_an_administrator_who_can_sign_in_once_and_only_once()
    {
        Environment.SetEnvironmentVariable("TEAMCHECKUP_ADMIN_PASSWORD", "Een-sterk-wachtwoord-1");
        var mark = await app.AuditMarkAsync();

        var first = await CreateAdministratorVerb.RunAsync(app.Services, ["Eerste.Beheerder", "Eerste Beheerder"]);
        var again = await CreateAdministratorVerb.RunAsync(app.Services, ["eerste.beheerder", "Nog een keer"]);

        await Assert.MultipleAsync(async () =>
        {
            Assert.That(first, Is.Zero);
            Assert.That(again, Is.EqualTo(1), "an existing user name is refused");
            Assert.That(await app.QueryAsync<string>("SELECT r.role FROM user_roles r JOIN users u ON u.id = r.user_id WHERE u.user_name = 'eerste.beheerder'"),
                Is.EqualTo(new[] { Roles.Administrator }));
            Assert.That(await app.AuditSinceAsync(mark), Has.Exactly(1).Matches<AuditRow>(e => e.Actor == "command-line" && e.Action == AuditActions.AdminChange));
        });

        using var client = app.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions
        {
            AllowAutoRedirect = false, BaseAddress = new Uri("https://localhost"),
        });
        using var response = await client.PostSignInAsync("eerste.beheerder", "Een-sterk-wachtwoord-1");
        Assert.That(response.StatusCode, Is.EqualTo(System.Net.HttpStatusCode.Redirect));
    }

    [TestCase(null)]
    [TestCase("te-kort")]
    [TestCase("Welkom12345678!")]
    [TestCase("tweede-beheerder-2026")]
    [TestCase("111111111111111")]
    public async Task Refuses_a_missing_short_or_guessable_password(string? password)
    {
        Environment.SetEnvironmentVariable("TEAMCHECKUP_ADMIN_PASSWORD", password);
        Assert.That(await CreateAdministratorVerb.RunAsync(app.Services, ["tweede", "Tweede"]), Is.EqualTo(2));
        Assert.That(await app.ScalarAsync<long>("SELECT COUNT(*) FROM users WHERE user_name = 'tweede'"), Is.Zero);
    }
}
