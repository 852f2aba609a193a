using TeamCheckup.Web.Infrastructure;

// `dotnet run --project src/TeamCheckup.Web` serves the app;
// `dotnet run --project src/TeamCheckup.Web -- migrate` only applies pending migrations and exits.
var builder = WebApplication.CreateBuilder(args.Where(a => a != "migrate").ToArray());
builder.AddTeamCheckup();
var app = builder.Build();

if (args.Contains("migrate"))
    return app.RunMigrateVerb();

await app.PrepareDatabaseAsync();
app.UseTeamCheckup();
await app.RunAsync();
return 0;

/// <summary>Visible to the test projects' WebApplicationFactory.</summary>
public partial class Program;
