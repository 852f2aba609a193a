namespace TeamCheckup.Web.Infrastructure;

public static class FeatureRegistration
{
    private static readonly string[] Suffixes = ["Handler", "Query", "Access", "Builder", "Generator"];

    /// <summary>Registers every concrete class under <c>Features</c> whose name ends in "Handler", "Access" or
    /// "Query" as a scoped service: one class per use case, injected straight into its controller.</summary>
    public static IServiceCollection AddFeatureHandlers(this IServiceCollection services)
    {
        var types = typeof(FeatureRegistration).Assembly.GetTypes().Where(t =>
            t is { IsClass: true, IsAbstract: false, IsNested: false }
            && t.Namespace?.StartsWith("TeamCheckup.Web.Features", StringComparison.Ordinal) == true
            && Suffixes.Any(suffix => t.Name.EndsWith(suffix, StringComparison.Ordinal)));
        foreach (var type in types) services.AddScoped(type);
        return services;
    }
}
