using System.Globalization;
using FluentValidation;
using Hangfire;
using Hangfire.InMemory;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Localization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Razor;
using Microsoft.Extensions.Options;
using TeamCheckup.Web.Infrastructure.Audit;
using TeamCheckup.Web.Infrastructure.Auth;
using TeamCheckup.Web.Infrastructure.Database;
using TeamCheckup.Web.Infrastructure.Jobs;
using TeamCheckup.Web.Infrastructure.Time;
using TeamCheckup.Web.Infrastructure.Web;

namespace TeamCheckup.Web.Infrastructure;

/// <summary>Service registration and the request pipeline, kept out of Program.cs so both read top to bottom.</summary>
public static class AppSetup
{
    public static readonly CultureInfo[] SupportedCultures = [new("nl-NL"), new("en-GB")];

    public static void AddTeamCheckup(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        var configuration = builder.Configuration;
        var database = configuration.GetSection(DatabaseOptions.Section).Get<DatabaseOptions>() ?? new DatabaseOptions();

        services.Configure<DatabaseOptions>(configuration.GetSection(DatabaseOptions.Section));
        services.Configure<SessionTimeoutOptions>(configuration.GetSection(SessionTimeoutOptions.Section));
        services.Configure<LockoutOptions>(configuration.GetSection(LockoutOptions.Section));
        services.Configure<SignInThrottleOptions>(configuration.GetSection(SignInThrottleOptions.Section));
        services.AddSingleton(TimeProvider.System);
        services.Configure<ClockOptions>(configuration.GetSection(ClockOptions.Section));
        services.Configure<Features.Dashboard.UnitOverviewCacheOptions>(configuration.GetSection(Features.Dashboard.UnitOverviewCacheOptions.Section));
        services.AddMemoryCache();
        services.AddSingleton<Features.Dashboard.UnitOverviewCache>();
        services.Configure<Features.Reports.ComparisonSumsOptions>(configuration.GetSection(Features.Reports.ComparisonSumsOptions.Section));
        services.AddSingleton<Features.Reports.ComparisonSums>();
        services.Configure<InputOptions>(configuration.GetSection(InputOptions.Section));
        services.AddSingleton<FormTokenStore>();
        services.Configure<Features.AnonymousReports.AnonymousReportLimits>(configuration.GetSection(Features.AnonymousReports.AnonymousReportLimits.Section));
        services.AddSingleton<Clock>();
        services.Configure<Features.Notifications.NotificationOptions>(configuration.GetSection(Features.Notifications.NotificationOptions.Section));
        services.AddSingleton<Features.Notifications.NotificationText>();
        services.AddSingleton<Features.Notifications.Notifier>();
        services.AddSingleton<Features.Notifications.MailComposer>();
        services.AddSingleton<Features.Notifications.CaseDeadlineNotices>();
        services.AddSingleton<Features.Notifications.AgreementAndReportNotices>();
        services.AddSingleton<Features.Networks.NetworkSignalNotices>();
        services.AddSingleton<DbConnectionFactory>();
        services.AddSingleton<Migrator>();
        services.AddSingleton<AuditTrail>();
        services.AddSingleton<SessionStore>();
        services.AddSingleton<KeptFormStore>();
        services.AddSingleton<SignInThrottle>();
        services.AddSingleton<Microsoft.AspNetCore.Identity.IPasswordHasher<UserAccount>, Microsoft.AspNetCore.Identity.PasswordHasher<UserAccount>>();
        services.AddSingleton<LocalSignIn>();
        services.AddSingleton<OpenIdConnectSignIn>();
        services.AddSingleton<Features.Checkups.QuestionnaireCatalog>();
        services.AddSingleton<Features.Reports.Documents.IReportRenderer, Features.Reports.Documents.SkiaPdfRenderer>();
        services.AddScoped<CurrentUser>();
        services.AddScoped<CookieSessionEvents>();
        services.AddHttpContextAccessor();
        services.AddWebEncoders(o => o.TextEncoderSettings = new System.Text.Encodings.Web.TextEncoderSettings(System.Text.Unicode.UnicodeRanges.All));
        services.AddValidatorsFromAssemblyContaining<Program>(ServiceLifetime.Singleton);
        services.AddFeatureHandlers();
        services.AddSingleton<IConfigureOptions<MvcOptions>, LocalizedModelBindingMessages>();

        // Data protection: keys shared by every node (file on the embedded default, database on SQL Server).
        var dataProtection = services.AddDataProtection().SetApplicationName("TeamCheckup");
        services.AddSingleton<Features.Checkups.CodeSheet>();
        if (database.Provider == DatabaseProvider.SqlServer)
            services.AddSingleton<IConfigureOptions<KeyManagementOptions>>(sp =>
                new ConfigureOptions<KeyManagementOptions>(o => o.XmlRepository = new DatabaseXmlRepository(sp.GetRequiredService<DbConnectionFactory>())));
        else
            dataProtection.PersistKeysToFileSystem(new DirectoryInfo(Path.Combine(database.ResolveDataDirectory(builder.Environment.ContentRootPath), "keys")));

        // Sign-in: local accounts always; OpenID Connect when configured (production single sign-on).
        var sessionSettings = configuration.GetSection(SessionTimeoutOptions.Section).Get<SessionTimeoutOptions>() ?? new SessionTimeoutOptions();
        var oidc = configuration.GetSection(OpenIdConnectSettings.Section).Get<OpenIdConnectSettings>() ?? new OpenIdConnectSettings();
        oidc.EnsureValid(builder.Environment); // a configuration that cannot work stops the process here
        var authentication = services.AddAuthentication(CookieAuthenticationDefaults.AuthenticationScheme)
            .AddCookie(options =>
            {
                options.Cookie.Name = "TeamCheckup.Session";
                options.Cookie.HttpOnly = true;
                options.Cookie.SameSite = SameSiteMode.Lax; // Lax so the OpenID Connect return can carry it
                options.Cookie.SecurePolicy = builder.Environment.IsDevelopment() ? CookieSecurePolicy.SameAsRequest : CookieSecurePolicy.Always;
                options.LoginPath = "/account/sign-in";
                options.LogoutPath = "/account/sign-out";
                options.AccessDeniedPath = "/account/denied";
                options.ExpireTimeSpan = sessionSettings.IdleTimeout;
                options.SlidingExpiration = true;
                options.EventsType = typeof(CookieSessionEvents);
            });
        if (oidc.Enabled)
            authentication.AddOpenIdConnect(OpenIdConnectDefaults.AuthenticationScheme, options => OpenIdConnectFlow.Configure(options, oidc, builder.Environment));
        services.AddSingleton(oidc);
        services.AddSingleton<IdentityProvider>();
        services.AddSingleton<BackChannelLogout>();
        services.AddAuthorization();

        services.AddLocalization(options => options.ResourcesPath = "Resources");
        services.Configure<RequestLocalizationOptions>(options =>
        {
            options.DefaultRequestCulture = new RequestCulture("nl-NL");
            options.SupportedCultures = SupportedCultures;
            options.SupportedUICultures = SupportedCultures;
            options.RequestCultureProviders =
            [
                new QueryStringRequestCultureProvider(),
                new CookieRequestCultureProvider(),
            ];
        });

        services.AddControllersWithViews(options =>
            {
                options.Filters.Add(new AutoValidateAntiforgeryTokenAttribute());
                // Validation is FluentValidation's job; no implicit DataAnnotations "required" messages.
                options.SuppressImplicitRequiredAttributeForNonNullableReferenceTypes = true;
                InvariantFormValueProviderFactory.Use(options);
                // Input rules (README "Input rules"): strict numbers and dates, required fields, form tokens, bad input → 400.
                options.ModelBinderProviders.Insert(0, new StrictValueBinderProvider());
                options.ModelMetadataDetailsProviders.Add(new RequiredFieldsConvention());
                options.Filters.Add<FormRulesFilter>();
                options.Filters.Add<BindingProblemsFilter>();
            })
            .AddViewLocalization()
            .AddRazorOptions(options =>
            {
                // Vertical slices: a feature's views sit beside its controllers (FeatureFolderViews).
                options.ViewLocationFormats.Clear();
                options.ViewLocationExpanders.Add(new FeatureFolderViews());
                options.ViewLocationFormats.Add(FeatureFolderViews.Format);
                options.ViewLocationFormats.Add("/Features/Shared/{0}" + RazorViewEngine.ViewExtension);
            });
        services.AddAntiforgery(options =>
        {
            options.Cookie.Name = "TeamCheckup.Antiforgery";
            options.Cookie.SecurePolicy = builder.Environment.IsDevelopment() ? CookieSecurePolicy.SameAsRequest : CookieSecurePolicy.Always;
        });

        services.AddTeamCheckupProxiesAndHosts(configuration);
        services.AddTeamCheckupRateLimits(configuration);
        services.AddHealthChecks().AddCheck<DatabaseReadyHealthCheck>("database", tags: ["ready"]);

        // Hangfire: SQL Server storage in production; in memory on the embedded default, where the
        // durable work lives in the app's own tables and is swept up again after a restart.
        services.AddHangfire(config =>
        {
            config.SetDataCompatibilityLevel(CompatibilityLevel.Version_180)
                .UseSimpleAssemblyNameTypeSerializer()
                .UseRecommendedSerializerSettings();
            if (database.Provider == DatabaseProvider.SqlServer)
                config.UseSqlServerStorage(database.ConnectionString);
            else
                config.UseInMemoryStorage(new InMemoryStorageOptions { MaxExpirationTime = TimeSpan.FromHours(6) });
        });
        services.AddRecurringJobClasses();
        services.AddHangfireServer(options => options.WorkerCount = configuration.GetValue("Jobs:WorkerCount", 2));
    }

    public static int RunMigrateVerb(this WebApplication app)
    {
        var applied = app.Services.GetRequiredService<Migrator>().Migrate();
        Console.WriteLine(applied.Count == 0 ? "Database is up to date." : $"Applied {applied.Count} migration(s): {string.Join(", ", applied)}");
        return 0;
    }

    public static async Task PrepareDatabaseAsync(this WebApplication app)
    {
        _ = app.Services.GetRequiredService<Clock>(); // an unknown Organisation:TimeZone stops the app here, with its name
        var options = app.Services.GetRequiredService<IOptions<DatabaseOptions>>().Value;
        if (options.MigrateOnStartup)
            app.Services.GetRequiredService<Migrator>().Migrate();
        await app.Services.GetRequiredService<Features.Checkups.QuestionnaireCatalog>().EnsureSeededAsync();
        var seedDemo = app.Configuration.GetValue("DemoData:Enabled", true);
        if (app.Environment.IsDevelopment() && options.Provider == DatabaseProvider.Sqlite && seedDemo)
        {
            var connections = app.Services.GetRequiredService<DbConnectionFactory>();
            var clock = app.Services.GetRequiredService<Clock>();
            await DemoData.SeedAsync(connections, clock);
            if (app.Configuration.GetValue("DemoData:History", true)) await DemoHistory.SeedAsync(connections, clock);
        }
        var jobs = app.Services.GetRequiredService<IRecurringJobManager>();
        RecurringJobs.Register(jobs, app.Services.GetRequiredService<Clock>().Zone, // daily jobs at the organisation's hours, not the server's
            app.Services.GetRequiredService<IOptions<Features.Notifications.NotificationOptions>>().Value.DigestHour);
        if (app.Configuration.GetValue("Jobs:RunAtStartup", true))
            foreach (var id in RecurringJobs.RunAtStartup) jobs.Trigger(id);
    }

    public static void UseTeamCheckup(this WebApplication app)
    {
        app.CheckServingSettings();
        app.UseTrustedProxies();
        // Never a stack trace in the browser, not even in Development: errors go to the log. The last resort
        // answers when the error page itself fails, before the developer exception page could.
        app.UseLastResortErrorPage();
        app.UseExceptionHandler("/error");
        if (!app.Environment.IsDevelopment()) app.UseHsts();
        app.UseStatusCodePagesWithReExecute("/error/{0}");
        app.UseSecurityHeaders();
        app.UseStaticFiles();
        app.UseRequestLocalization();
        app.UseRouting();
        BrowserClient.UseBrowserClients(app);
        app.UseRateLimiter();
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseMiddleware<InputGuardMiddleware>();

        app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false });
        app.MapHealthChecks("/health/ready", new HealthCheckOptions { Predicate = check => check.Tags.Contains("ready") });
        app.MapHangfireDashboard("/hangfire", new DashboardOptions
        {
            Authorization = [new AdministratorDashboardFilter()],
            DisplayStorageConnectionString = false,
            AppPath = "/",
        }).RequireAuthorization(policy => policy.RequireRole(Roles.Administrator));
        app.MapControllers();
    }
}
