using System.Diagnostics;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Hosting.Internal;
using TeamCheckup.Tests.Support;
using TeamCheckup.Web.Infrastructure;
using TeamCheckup.Web.Infrastructure.Auth;

namespace TeamCheckup.Tests.Infrastructure.Auth;

/// <summary>The single sign-on configuration is checked at start-up: what cannot work stops the process with a clear message.</summary>
public class OpenIdConnectSettingsTests
{
    private static OpenIdConnectSettings Valid() => new()
    {
        Enabled = true,
        Authority = "https://login.politie.example/tenant/v2.0",
        ClientId = "teamcheckup",
        ClientSecret = "secret",
        RoleMap = new(StringComparer.OrdinalIgnoreCase) { ["TC-Teamchef"] = Roles.TeamLead },
    };

    private static IHostEnvironment In(string environment) => new HostingEnvironment { EnvironmentName = environment };

    [TestCase("Production")]
    [TestCase("Staging")]
    [TestCase("Development")]
    public void A_complete_https_configuration_is_accepted(string environment) =>
        Assert.That(Valid().Problems(In(environment)), Is.Empty);

    [Test]
    public void Switched_off_nothing_is_checked() =>
        Assert.That(new OpenIdConnectSettings { Enabled = false, Authority = "http://x" }.Problems(In("Production")), Is.Empty);

    [TestCase(null, "Authority is missing")]
    [TestCase("", "Authority is missing")]
    [TestCase("login.politie.example", "not an absolute https URL")]
    [TestCase("ftp://login.politie.example", "not an absolute https URL")]
    [TestCase("http://login.politie.example", "does not use https")]
    public void A_missing_or_non_https_authority_is_refused_outside_development(string? authority, string message)
    {
        var settings = Valid();
        settings.Authority = authority;
        Assert.Multiple(() =>
        {
            Assert.That(settings.Problems(In("Production")), Has.Some.Contains(message));
            Assert.That(settings.Problems(In("Staging")), Has.Some.Contains(message));
        });
    }

    [Test]
    public void Http_metadata_is_for_development_and_test_environments_that_ask_for_it_never_production()
    {
        var http = Valid();
        http.Authority = "http://127.0.0.1:8080";
        var testEnvironment = Valid();
        testEnvironment.Authority = "http://idp.test.local";
        testEnvironment.RequireHttpsMetadata = false;

        Assert.Multiple(() =>
        {
            Assert.That(http.Problems(In("Development")), Is.Empty);
            Assert.That(http.Problems(In("Staging")), Has.Some.Contains("does not use https"));
            Assert.That(testEnvironment.Problems(In("Staging")), Is.Empty);
            Assert.That(testEnvironment.Problems(In("Test")), Is.Empty);
            Assert.That(testEnvironment.Problems(In("Production")), Has.Some.Contains("RequireHttpsMetadata=false is for test environments only"));
            Assert.That(testEnvironment.Problems(In("Production")), Has.Some.Contains("does not use https"));
        });
    }

    [Test]
    public void Client_registration_and_role_map_must_be_usable()
    {
        var settings = Valid();
        settings.ClientId = " ";
        settings.ClientSecret = null;
        settings.RoleMap["TC-Superuser"] = "SuperUser";
        settings.RecheckInterval = TimeSpan.Zero;
        var problems = settings.Problems(In("Production"));

        var empty = Valid();
        empty.RoleMap.Clear();
        var optedIn = Valid();
        optedIn.RoleMap.Clear();
        optedIn.AllowIdenticalRoleNames = true;

        Assert.Multiple(() =>
        {
            Assert.That(problems, Has.Some.Contains("ClientId is missing"));
            Assert.That(problems, Has.Some.Contains("ClientSecret is missing"));
            Assert.That(problems, Has.Some.Contains("RoleMap maps 'TC-Superuser' to 'SuperUser', which is not an app role"));
            Assert.That(problems, Has.Some.Contains("RecheckInterval"));
            Assert.That(empty.Problems(In("Production")), Has.Some.Contains("no one signing in via the provider would get a role"));
            Assert.That(optedIn.Problems(In("Production")), Is.Empty);
        });
    }

    [Test]
    public void Openid_is_always_requested_and_the_scopes_are_configurable()
    {
        var settings = Valid();
        settings.Scopes = "profile  email teamcheckup openid";
        Assert.That(settings.ScopeList(), Is.EqualTo(new[] { "openid", "profile", "email", "teamcheckup" }));
    }

    [Test]
    public void The_app_refuses_to_start_with_a_clear_message()
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Production" });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Database:DataDirectory"] = Path.GetTempPath(),
            ["Authentication:OpenIdConnect:Enabled"] = "true",
            ["Authentication:OpenIdConnect:Authority"] = "http://login.politie.example",
            ["Authentication:OpenIdConnect:ClientId"] = "teamcheckup",
        });

        var failure = Assert.Throws<InvalidSettingsException>(builder.AddTeamCheckup);
        Assert.That(failure!.Message, Does.StartWith("TeamCheckup cannot start: the single sign-on settings (Authentication:OpenIdConnect) are not usable in Production:")
            .And.Contain("does not use https").And.Contain("ClientSecret is missing").And.Contain("Enabled=false"));
    }

    [Test]
    public async Task The_published_process_stops_at_once_and_says_why()
    {
        var dll = Path.Combine(AppContext.BaseDirectory, "TeamCheckup.Web.dll");
        var folder = TestApp.NewTempFolder();
        var info = new ProcessStartInfo(DotnetHost())
        {
            WorkingDirectory = AppContext.BaseDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(dll);
        info.Environment.Remove("ASPNETCORE_URLS");
        info.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        info.Environment["DOTNET_ENVIRONMENT"] = "Production";
        info.Environment["Database__DataDirectory"] = folder;
        info.Environment["Authentication__OpenIdConnect__Enabled"] = "true";
        info.Environment["Authentication__OpenIdConnect__Authority"] = "http://login.politie.example";
        info.Environment["Authentication__OpenIdConnect__ClientId"] = "teamcheckup";
        info.Environment["Authentication__OpenIdConnect__ClientSecret"] = "secret";
        info.Environment["Authentication__OpenIdConnect__RoleMap__TC-Teamchef"] = "TeamLead";

        using var process = Process.Start(info)!;
        var stderr = process.StandardError.ReadToEndAsync();
        var stdout = process.StandardOutput.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail("the app kept running with an http Authority in Production");
        }
        finally
        {
            try { Directory.Delete(folder, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        }

        var message = await stderr;
        await Assert.MultipleAsync(async () =>
        {
            Assert.That(process.ExitCode, Is.EqualTo(3));
            Assert.That(message, Does.Contain("Authority 'http://login.politie.example' does not use https"));
            Assert.That(message, Does.Not.Contain("   at "), "a message, not a stack trace");
            Assert.That(await stdout, Does.Not.Contain("Now listening"));
        });
    }

    private static string DotnetHost()
    {
        var fromSdk = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH");
        if (!string.IsNullOrEmpty(fromSdk) && File.Exists(fromSdk)) return fromSdk;
        var current = Environment.ProcessPath;
        return current is not null && Path.GetFileNameWithoutExtension(current).Equals("dotnet", StringComparison.OrdinalIgnoreCase) ? current : "dotnet";
    }
}
