using System.ComponentModel.DataAnnotations;
using System.Net;
using System.Reflection;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc.Controllers;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using TeamCheckup.Web.Infrastructure.Web;

namespace TeamCheckup.Tests.Support;

/// <summary>One field of a discovered form or query: its name, the value a valid request sends (already
/// percent-encoded), whether it is sent by default (an unticked box is not), its type and whether it is a text area.</summary>
public sealed record CorpusField(string Name, string Encoded, bool Sent, Type? Type, bool MultiLine)
{
    /// <summary>"NewAgreements[2].What" → "NewAgreements[].What": rows of one list are one parameter.</summary>
    public string Shape => Regex.Replace(Name, @"\[[^\]]*\]", "[]");
    public bool IsTyped => Type is { } t && (Nullable.GetUnderlyingType(t) ?? t) is var u && (u.IsPrimitive || u == typeof(decimal) || u == typeof(DateOnly) || u == typeof(DateTime));
    public bool IsWholeNumber => Type is { } t && (Nullable.GetUnderlyingType(t) ?? t) is var u && (u == typeof(int) || u == typeof(long) || u == typeof(short));
    public bool IsDecimal => Type is { } t && (Nullable.GetUnderlyingType(t) ?? t) is var u && (u == typeof(decimal) || u == typeof(double) || u == typeof(float));
    public bool IsDate => Type is { } t && (Nullable.GetUnderlyingType(t) ?? t) == typeof(DateOnly);
    public bool IsBool => Type is { } t && (Nullable.GetUnderlyingType(t) ?? t) == typeof(bool);
    public bool IsSingleLineText => Type == typeof(string) && !MultiLine;
}

/// <summary>A route of the app with a concrete URL, who may use it, and the fields it takes.</summary>
public sealed record CorpusTarget(string Method, string Pattern, string Url, string Actor, ControllerActionDescriptor Action,
    List<CorpusField> Fields, string FieldSource, ActionFacts Facts)
{
    public override string ToString() => $"{Method} {Url} ({Actor}, {Fields.Count} fields from {FieldSource})";
}

/// <summary>
/// Finds every controller action of the running app (from its endpoint data source, so a new form is found
/// without a test change), picks a demo account its [Authorize] roles let in, and reads the fields it takes:
/// for a POST from the form that posts to it on a page (GET the URL, the pages above it and the app's other
/// pages), else from the action's parameters by reflection; for a GET from its parameters that are not in the route.
/// </summary>
public static partial class InputCorpus
{
    public const string Anonymous = "(anonymous)";

    /// <summary>The app's today (its clock), ISO, for date fields a form leaves empty.</summary>
    public static string Today { get; set; } = "2026-01-01";
    private static readonly string[] ActorPreference = [Demo.TeamLead, Demo.Hrm, Demo.Vik, Demo.Chief, Demo.Communications, Demo.Administrator, Demo.Expert, Demo.Authority, Demo.Network];

    public static IEnumerable<(RouteEndpoint Endpoint, ControllerActionDescriptor Action, string Method)> Actions(IServiceProvider services) =>
        services.GetServices<EndpointDataSource>().SelectMany(s => s.Endpoints).OfType<RouteEndpoint>()
            .Select(e => (Endpoint: e, Action: e.Metadata.GetMetadata<ControllerActionDescriptor>(), Methods: e.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods))
            .Where(e => e.Action is not null)
            .SelectMany(e => (e.Methods is { Count: > 0 } m ? m : ["GET"]).Select(method => (e.Endpoint, e.Action!, method)))
            .OrderBy(e => e.Endpoint.RoutePattern.RawText, StringComparer.Ordinal).ThenBy(e => e.method, StringComparer.Ordinal);

    /// <summary>The demo account that may use the endpoint: anonymous when it allows anonymous access, else the first
    /// account whose role satisfies every [Authorize(Roles = …)] on it.</summary>
    public static string ActorFor(Endpoint endpoint)
    {
        if (endpoint.Metadata.GetMetadata<IAllowAnonymous>() is not null) return Anonymous;
        var roleSets = endpoint.Metadata.GetOrderedMetadata<IAuthorizeData>().Where(a => !string.IsNullOrEmpty(a.Roles))
            .Select(a => a.Roles!.Split(',', StringSplitOptions.TrimEntries)).ToList();
        var roles = TeamCheckup.Web.Infrastructure.Database.DemoData.Accounts.ToDictionary(a => a.UserName, a => a.Role);
        return ActorPreference.First(user => roleSets.All(set => set.Contains(roles[user])));
    }

    /// <summary>A urlencoded body or query from pairs whose names and values are already percent-encoded.</summary>
    public static string Join(IEnumerable<(string EncodedName, string EncodedValue)> pairs) =>
        string.Join("&", pairs.Select(p => p.EncodedName + "=" + p.EncodedValue));

    public static string Encode(string value) => Uri.EscapeDataString(value);

    // ---- fields from a page --------------------------------------------------------------------------

    /// <summary>The fields of the POST form whose action is <paramref name="action"/> on the page, with the
    /// values a person filling it in would send (an empty text gets "Test", a radio group its first choice).</summary>
    public static List<(string Name, string Value, bool Sent, bool TextArea)>? PostForm(string html, string action)
    {
        foreach (Match form in Html.FormPattern().Matches(html))
        {
            var attributes = Attributes(form.Groups["attrs"].Value);
            if (!string.Equals(attributes.GetValueOrDefault("method"), "post", StringComparison.OrdinalIgnoreCase)) continue;
            if (!string.Equals(attributes.GetValueOrDefault("action"), action, StringComparison.OrdinalIgnoreCase)) continue;
            return FieldsOf(form.Groups["body"].Value);
        }
        return null;
    }

    private static List<(string, string, bool, bool)> FieldsOf(string body)
    {
        var fields = new List<(string Name, string Value, bool Sent, bool TextArea)>();
        var radios = new Dictionary<string, (string First, string? Checked)>();
        foreach (Match input in Html.InputPattern().Matches(body))
        {
            var a = Attributes(input.Groups[1].Value);
            if (a.GetValueOrDefault("name") is not { } name || a.ContainsKey("disabled")) continue;
            var type = a.GetValueOrDefault("type")?.ToLowerInvariant() ?? "text";
            var value = a.GetValueOrDefault("value") ?? "";
            switch (type)
            {
                case "submit" or "button" or "image" or "reset" or "file": continue;
                case "radio":
                    var seen = radios.GetValueOrDefault(name, (value, null));
                    radios[name] = (seen.First, a.ContainsKey("checked") ? value : seen.Checked);
                    continue;
                case "checkbox": fields.Add((name, value.Length > 0 ? value : "on", a.ContainsKey("checked"), false)); continue;
                case "number": fields.Add((name, value.Length > 0 ? value : a.GetValueOrDefault("min") ?? "1", true, false)); continue;
                case "date": fields.Add((name, value.Length > 0 ? value : Today, true, false)); continue;
                case "hidden": fields.Add((name, value, true, false)); continue;
                default: fields.Add((name, value.Length > 0 ? value : "Test", true, false)); continue;
            }
        }
        fields.AddRange(radios.Select(r => (r.Key, r.Value.Checked ?? r.Value.First, true, false)));
        foreach (Match select in Html.SelectPattern().Matches(body))
        {
            var a = Attributes(select.Groups["attrs"].Value);
            if (a.GetValueOrDefault("name") is not { } name) continue;
            var options = Html.OptionPattern().Matches(select.Groups["body"].Value)
                .Select(o => (Attributes(o.Groups["attrs"].Value) is var oa ? (Value: oa.GetValueOrDefault("value") ?? WebUtility.HtmlDecode(o.Groups["body"].Value).Trim(), Selected: oa.ContainsKey("selected")) : default)).ToList();
            var chosen = options.Where(o => o.Selected).Select(o => o.Value).ToList();
            if (chosen.Count == 0 && !a.ContainsKey("multiple"))
                chosen.Add(options.Select(o => o.Value).FirstOrDefault(v => v.Length > 0 && v != "0") ?? options.FirstOrDefault().Value ?? "");
            if (chosen.Count == 0) fields.Add((name, options.FirstOrDefault().Value ?? "", false, false));
            fields.AddRange(chosen.Select(v => (name, v, true, false)));
        }
        foreach (Match textarea in Html.TextareaPattern().Matches(body))
        {
            var a = Attributes(textarea.Groups["attrs"].Value);
            if (a.GetValueOrDefault("name") is not { } name) continue;
            var value = WebUtility.HtmlDecode(textarea.Groups["body"].Value).TrimStart('\r', '\n');
            fields.Add((name, value.Length > 0 ? value : "Test", true, true));
        }
        return fields;
    }

    // ---- fields from the action's parameters -------------------------------------------------------

    /// <summary>The fields an action reads from a request, by reflection: simple parameters that are not in the route,
    /// and the properties of a form model (a list of rows as row [0]).</summary>
    public static List<(string Name, Type Type)> ParameterFields(ControllerActionDescriptor action, IReadOnlySet<string> routeNames)
    {
        var fields = new List<(string, Type)>();
        foreach (var parameter in action.Parameters)
        {
            var source = parameter.BindingInfo?.BindingSource;
            if (source == BindingSource.Services || source == BindingSource.Special || routeNames.Contains(parameter.Name)) continue;
            if (IsSimple(parameter.ParameterType)) fields.Add((parameter.BindingInfo?.BinderModelName ?? parameter.Name, parameter.ParameterType));
            else fields.AddRange(Properties(parameter.ParameterType, "", 0));
        }
        return fields;
    }

    private static IEnumerable<(string, Type)> Properties(Type type, string prefix, int depth)
    {
        foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.CanWrite))
        {
            if (property.GetCustomAttribute<BindNeverAttribute>() is not null) continue;
            var name = prefix + property.Name;
            var element = ElementType(property.PropertyType);
            if (IsSimple(property.PropertyType)) yield return (name, property.PropertyType);
            else if (element is not null && IsSimple(element)) yield return (name, element);
            else if (element is not null && depth < 2) foreach (var inner in Properties(element, name + "[0].", depth + 1)) yield return inner;
        }
    }

    /// <summary>The type and text-area flag of a posted field, by walking the action's form model ("Rows[0].Note").</summary>
    public static (Type? Type, bool MultiLine) Describe(ControllerActionDescriptor action, string name)
    {
        var segments = name.Split('.').Select(s => Regex.Replace(s, @"\[[^\]]*\]", "")).ToList();
        foreach (var parameter in action.Parameters)
        {
            if (segments.Count == 1 && string.Equals(parameter.Name, segments[0], StringComparison.OrdinalIgnoreCase) && IsSimple(parameter.ParameterType))
                return (parameter.ParameterType, false);
            if (IsSimple(parameter.ParameterType) || parameter.BindingInfo?.BindingSource == BindingSource.Services) continue;
            var type = parameter.ParameterType;
            PropertyInfo? property = null;
            foreach (var segment in segments)
            {
                property = type.GetProperty(segment, BindingFlags.Public | BindingFlags.Instance | BindingFlags.IgnoreCase);
                if (property is null) break;
                type = ElementType(property.PropertyType) ?? property.PropertyType;
            }
            if (property is not null)
                return (type, property.GetCustomAttribute<DataTypeAttribute>()?.DataType == DataType.MultilineText);
        }
        return (null, false);
    }

    private static bool IsSimple(Type type)
    {
        var t = Nullable.GetUnderlyingType(type) ?? type;
        return t.IsPrimitive || t.IsEnum || t == typeof(string) || t == typeof(decimal) || t == typeof(DateOnly) || t == typeof(DateTime) || t == typeof(Guid);
    }

    private static Type? ElementType(Type type) =>
        type == typeof(string) ? null : type.GetInterfaces().Append(type)
            .FirstOrDefault(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IEnumerable<>))?.GetGenericArguments()[0];

    /// <summary>A value a valid request could send for a field known only by its type.</summary>
    public static string SampleValue(Type type)
    {
        var t = Nullable.GetUnderlyingType(type) ?? type;
        if (t == typeof(bool)) return "false";
        if (t == typeof(DateOnly) || t == typeof(DateTime)) return Today;
        if (t.IsPrimitive || t == typeof(decimal)) return "1";
        return "Test";
    }

    // The element patterns are Html's; the attribute names here may carry brackets ("Dimensions[0].Score").
    [GeneratedRegex(@"(?<name>[\w:.\[\]-]+)(?:\s*=\s*(?:""(?<value>[^""]*)""|'(?<value>[^']*)'|(?<bare>[^\s""'>]+)))?", RegexOptions.Singleline)]
    private static partial Regex AttributePattern();

    private static Dictionary<string, string> Attributes(string text)
    {
        var attributes = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (Match m in AttributePattern().Matches(text))
            attributes[m.Groups["name"].Value] = WebUtility.HtmlDecode(m.Groups["value"].Success ? m.Groups["value"].Value : m.Groups["bare"].Value);
        return attributes;
    }
}
