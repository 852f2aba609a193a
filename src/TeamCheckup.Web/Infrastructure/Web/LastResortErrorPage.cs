namespace TeamCheckup.Web.Infrastructure.Web;

/// <summary>
/// The outermost middleware of the app's own pipeline. ASP.NET Core puts its developer exception page (a
/// stack trace with source paths) around everything in Development; when the friendly error page itself
/// cannot be shown, the exception would reach it. This catches it first: the detail goes to the log, the
/// client gets a fixed page that says nothing about the cause — in every environment.
/// </summary>
public static class LastResortErrorPage
{
    private const string Page =
        "<!DOCTYPE html><html lang=\"nl\"><head><meta charset=\"utf-8\"><title>Er ging iets mis</title></head><body>" +
        "<h1>Er ging iets mis</h1><p>Er is niets half opgeslagen. Probeer het later opnieuw.</p>" +
        "<p lang=\"en\">Something went wrong. Nothing was half saved. Please try again later.</p>" +
        "<p><a href=\"/\">Naar de startpagina</a></p></body></html>";

    public static IApplicationBuilder UseLastResortErrorPage(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        try
        {
            await next(context);
        }
        catch (Exception exception) when (!context.Response.HasStarted)
        {
            context.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(LastResortErrorPage).FullName!)
                .LogError(exception, "Unhandled exception that the error page could not handle");
            context.Response.Clear();
            context.Response.StatusCode = StatusCodes.Status500InternalServerError;
            context.Response.ContentType = "text/html; charset=utf-8";
            await context.Response.WriteAsync(Page);
        }
    });
}
