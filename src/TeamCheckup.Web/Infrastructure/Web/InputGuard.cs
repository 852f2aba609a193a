using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Mvc.Controllers;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Primitives;

namespace TeamCheckup.Web.Infrastructure.Web;

/// <summary>
/// Reads every query string and form body once, strictly (<see cref="StrictFormReader"/>), before any
/// handler sees it. Afterwards the request carries the cleaned values (nothing downstream parses the raw
/// bytes again, the error page included) and a <see cref="RefusedInput"/> with what was wrong:
/// <list type="bullet">
/// <item>a POST body that is not a form → 415; a form over <see cref="InputOptions.MaxFormBytes"/> → 413;</item>
/// <item>a bad value sent to anything but an MVC action (Hangfire, health) → 400;</item>
/// <item>a bad value sent to an MVC action → left to <see cref="FormRulesFilter"/>, which re-shows the form
/// with the message or answers 400.</item>
/// </list>
/// Refusals have an empty body, so the status-code page shows the friendly message.
/// </summary>
public sealed class InputGuardMiddleware(RequestDelegate next, IOptions<InputOptions> options, ILogger<InputGuardMiddleware> logger)
{
    public const string FormContentType = "application/x-www-form-urlencoded";

    public async Task InvokeAsync(HttpContext context)
    {
        // The error and status-code pages run this pipeline again: the input was read the first time.
        if (context.Features.Get<RefusedInput>() is not null) { await next(context); return; }
        var refused = RefusedInput.Of(context);
        var limits = options.Value;
        var request = context.Request;

        var query = request.QueryString.Value;
        if (!string.IsNullOrEmpty(query))
        {
            var fields = StrictFormReader.Read(System.Text.Encoding.UTF8.GetBytes(query.TrimStart('?')), limits, refused.Problems, out var tooMany);
            if (tooMany) refused.Refusal = InputRefusal.TooManyFields;
            request.Query = new QueryCollection(Collect(fields));
        }

        if (HasBody(request))
        {
            if (IsForm(request.ContentType)) await ReadFormAsync(context, limits, refused);
            else if (IsUpload(context)) await ReadUploadAsync(context, limits, refused);
            else refused.Refusal = InputRefusal.NotAForm;
        }

        var status = refused.Refusal switch
        {
            InputRefusal.NotAForm => StatusCodes.Status415UnsupportedMediaType,
            InputRefusal.TooLarge => StatusCodes.Status413PayloadTooLarge,
            InputRefusal.TooManyFields => StatusCodes.Status400BadRequest,
            _ when refused.Problems.Count > 0 && context.GetEndpoint()?.Metadata.GetMetadata<ControllerActionDescriptor>() is null => StatusCodes.Status400BadRequest,
            _ => 0,
        };
        if (status != 0)
        {
            logger.LogInformation("Input refused with {Status}: {Refusal}; {Problems} field problem(s)", status, refused.Refusal, refused.Problems.Count);
            context.Response.StatusCode = status;
            return;
        }
        await next(context);
    }

    /// <summary>Methods that carry a form. A POST without a body and without a content type is an empty form
    /// (antiforgery and the form rules refuse it); anything with a body must be a urlencoded form.</summary>
    private static bool HasBody(HttpRequest request) =>
        (HttpMethods.IsPost(request.Method) || HttpMethods.IsPut(request.Method) || HttpMethods.IsPatch(request.Method) || HttpMethods.IsDelete(request.Method))
        && (request.ContentLength is > 0 || request.ContentType is not null || request.Headers.TransferEncoding.Count > 0);

    private static bool IsForm(string? contentType) =>
        contentType is not null && contentType.Split(';')[0].Trim().Equals(FormContentType, StringComparison.OrdinalIgnoreCase);

    private static bool IsUpload(HttpContext context) =>
        context.Request.HasFormContentType && context.Request.ContentType!.StartsWith("multipart/form-data", StringComparison.OrdinalIgnoreCase)
        && context.GetEndpoint()?.Metadata.GetMetadata<AcceptsFileUploadAttribute>() is not null;

    /// <summary>A file upload: the framework reads the multipart body (within the action's own size limits), then its
    /// text fields pass the same checks as a form's.</summary>
    private static async Task ReadUploadAsync(HttpContext context, InputOptions limits, RefusedInput refused)
    {
        // Larger than the action allows: its own filter refuses it with the file's limit, unread.
        var allowed = context.GetEndpoint()?.Metadata.GetMetadata<Microsoft.AspNetCore.Http.Metadata.IRequestSizeLimitMetadata>()?.MaxRequestBodySize;
        if (allowed is { } max && context.Request.ContentLength > max) return;
        IFormCollection form;
        try
        {
            form = await context.Request.ReadFormAsync(context.RequestAborted);
        }
        catch (Exception e) when (e is BadHttpRequestException or InvalidDataException or IOException)
        {
            refused.Refusal = InputRefusal.TooLarge;
            return;
        }
        if (form.Count > limits.MaxFields) { refused.Refusal = InputRefusal.TooManyFields; return; }
        var fields = new List<KeyValuePair<string, string>>();
        foreach (var (name, values) in form)
            foreach (var value in values)
                fields.Add(new(StrictFormReader.CleanValue(name, "(name)", limits, refused.Problems), StrictFormReader.CleanValue(value ?? "", name, limits, refused.Problems)));
        context.Features.Set<IFormFeature>(new ParsedForm(new FormCollection(Collect(fields), form.Files)));
    }

    private static async Task ReadFormAsync(HttpContext context, InputOptions limits, RefusedInput refused)
    {
        byte[] body;
        try
        {
            body = await ReadLimitedAsync(context.Request.Body, limits.MaxFormBytes, context.RequestAborted);
        }
        catch (BadHttpRequestException)
        {
            refused.Refusal = InputRefusal.TooLarge; // the server's own body limit
            return;
        }
        if (body.Length > limits.MaxFormBytes) { refused.Refusal = InputRefusal.TooLarge; return; }
        var fields = StrictFormReader.Read(body, limits, refused.Problems, out var tooMany);
        if (tooMany) refused.Refusal = InputRefusal.TooManyFields;
        context.Features.Set<IFormFeature>(new ParsedForm(new FormCollection(Collect(fields))));
    }

    /// <summary>Reads at most <paramref name="limit"/> + 1 bytes: enough to know the body is too big.</summary>
    private static async Task<byte[]> ReadLimitedAsync(Stream body, int limit, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await body.ReadAsync(chunk, cancellationToken)) > 0)
        {
            buffer.Write(chunk, 0, read);
            if (buffer.Length > limit) break;
        }
        return buffer.ToArray();
    }

    private static Dictionary<string, StringValues> Collect(List<KeyValuePair<string, string>> fields)
    {
        var collected = new Dictionary<string, StringValues>(StringComparer.OrdinalIgnoreCase);
        foreach (var (name, value) in fields)
            collected[name] = collected.TryGetValue(name, out var existing) ? StringValues.Concat(existing, value) : new StringValues(value);
        return collected;
    }
}

/// <summary>The form as the input guard read it: every later reader (antiforgery, model binding) gets these
/// cleaned values and nobody parses the body again.</summary>
public sealed class ParsedForm(IFormCollection form) : IFormFeature
{
    public bool HasFormContentType => true;
    public IFormCollection? Form { get; set; } = form;
    public IFormCollection ReadForm() => Form ?? FormCollection.Empty;
    public Task<IFormCollection> ReadFormAsync(CancellationToken cancellationToken) => Task.FromResult(ReadForm());
}

public static class InputGuardExtensions
{
    /// <summary>The top-level names a posted form carries ("Dimensions[0].Score" → "Dimensions").</summary>
    public static IReadOnlySet<string> CarriedFields(this HttpRequest request)
    {
        var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        if (!request.HasFormContentType) return names;
        foreach (var key in request.Form.Keys)
        {
            var end = key.IndexOfAny(['.', '[']);
            names.Add(end < 0 ? key : key[..end]);
        }
        foreach (var file in request.Form.Files) names.Add(file.Name);
        return names;
    }
}
