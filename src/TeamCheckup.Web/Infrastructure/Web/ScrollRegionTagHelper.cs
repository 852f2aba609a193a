using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Razor.TagHelpers;
using Microsoft.Extensions.Localization;

namespace TeamCheckup.Web.Infrastructure.Web;

/// <summary>
/// Every region that scrolls sideways (<c>&lt;div class="table-scroll"&gt;</c>) can be reached and scrolled by keyboard
/// and is named for a screen reader (WCAG 2.1.1, 4.1.2; axe "scrollable-region-focusable"): it gets tabindex="0",
/// role="region" and, unless the view names it itself, the name of the table's caption inside it. One home for the
/// rule, so a new table is covered without remembering it.
/// </summary>
[HtmlTargetElement("div", Attributes = "class")]
public sealed partial class ScrollRegionTagHelper(IStringLocalizer<SharedResource> t) : TagHelper
{
    public const string ScrollClass = "table-scroll";
    internal const string InsideItem = "tc:inside-scroll-region";

    public override async Task ProcessAsync(TagHelperContext context, TagHelperOutput output)
    {
        var classes = output.Attributes["class"]?.Value?.ToString() ?? "";
        if (!classes.Split(' ').Contains(ScrollClass)) return;
        context.Items[InsideItem] = true; // the tables inside need no region of their own
        var content = (await output.GetChildContentAsync()).GetContent();
        if (!output.Attributes.ContainsName("tabindex")) output.Attributes.SetAttribute("tabindex", "0");
        if (!output.Attributes.ContainsName("role")) output.Attributes.SetAttribute("role", "region");
        if (output.Attributes.ContainsName("aria-label") || output.Attributes.ContainsName("aria-labelledby")) return;
        output.Attributes.SetAttribute("aria-label", NameOf(content, t));
    }

    /// <summary>The text of the first caption in <paramref name="html"/>, or a generic name.</summary>
    internal static string NameOf(string html, IStringLocalizer t)
    {
        var caption = Caption().Match(html);
        var name = caption.Success ? Spaces().Replace(WebUtility.HtmlDecode(Tags().Replace(caption.Groups[1].Value, " ")), " ").Trim() : "";
        return name.Length > 0 ? name : t["Ui.ScrollRegion"].Value;
    }

    [GeneratedRegex(@"<caption\b[^>]*>(.*?)</caption>", RegexOptions.Singleline | RegexOptions.IgnoreCase)]
    private static partial Regex Caption();

    [GeneratedRegex(@"<[^>]+>")]
    private static partial Regex Tags();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Spaces();
}

/// <summary>A table a view did not put in a scroll region gets one, so a wide table scrolls inside itself and never the
/// page (WCAG 1.4.10 Reflow at 320 px), focusable and named after its caption like the regions views write.</summary>
[HtmlTargetElement("table")]
public sealed class TableRegionTagHelper(IStringLocalizer<SharedResource> t) : TagHelper
{
    public override async Task ProcessAsync(TagHelperContext context, TagHelperOutput output)
    {
        if (context.Items.ContainsKey(ScrollRegionTagHelper.InsideItem)) return;
        var content = (await output.GetChildContentAsync()).GetContent();
        var name = System.Net.WebUtility.HtmlEncode(ScrollRegionTagHelper.NameOf(content, t));
        output.PreElement.SetHtmlContent($"<div class=\"{ScrollRegionTagHelper.ScrollClass}\" tabindex=\"0\" role=\"region\" aria-label=\"{name}\">");
        output.PostElement.SetHtmlContent("</div>");
    }
}
