using TeamCheckup.Web.Features.OrganisationImport;
using TeamCheckup.Web.Infrastructure;
using TeamCheckup.Web.Infrastructure.Auth;
using TeamCheckup.Web.Infrastructure.DataGeneration;

// `dotnet run --project src/TeamCheckup.Web` serves the app. Command-line verbs (then exit):
//   migrate                                  apply pending migrations
//   create-admin <user-name> <display name>  first Administrator (password in TEAMCHECKUP_ADMIN_PASSWORD)
//   generate-data [options]                  synthetic police-scale data for benchmarks (bench/README.md)
//   import-organisation <file> [--dry-run]   units, districts, teams and leads from the HR file (docs/organisation-import.md)
var verb = args.FirstOrDefault() is "migrate" or CreateAdministratorVerb.Name or GenerateDataVerb.Name or ImportOrganisationVerb.Name ? args[0] : null;
var builder = WebApplication.CreateBuilder(verb is null ? args : []);
try
{
    builder.AddTeamCheckup();
}
catch (InvalidSettingsException e)
{
    // Settings that cannot work: say which, and do not start.
    Console.Error.WriteLine(e.Message);
    return 3;
}
var app = builder.Build();

switch (verb)
{
    case "migrate":
        return app.RunMigrateVerb();
    case CreateAdministratorVerb.Name:
        return await CreateAdministratorVerb.RunAsync(app.Services, args.Skip(1).ToList());
    case GenerateDataVerb.Name:
        return await GenerateDataVerb.RunAsync(app.Services, args.Skip(1).ToList());
    case ImportOrganisationVerb.Name:
        return await ImportOrganisationVerb.RunAsync(app.Services, args.Skip(1).ToList());
}

await app.PrepareDatabaseAsync();
app.UseTeamCheckup();
await app.RunAsync();
return 0;

/// <summary>Visible to the test projects' WebApplicationFactory.</summary>
public partial class Program;
