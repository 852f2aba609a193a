namespace TeamCheckup.Web.Features.Privacy;

/// <summary>
/// Counts in report tables (cases by category, teams by band): a count between 1 and k − 1 is shown as
/// "&lt; k", and where a total is shown the next-smallest sibling is hidden too (shown as
/// <paramref name="hiddenLabel"/>), so no small count can be recovered by subtraction (SPEC §9 P3).
/// Zero is a true zero and is shown.
/// </summary>
public static class SmallCounts
{
    public static IReadOnlyDictionary<TKey, string> Display<TKey>(IReadOnlyDictionary<TKey, int> counts, int k, string hiddenLabel, IFormatProvider culture)
        where TKey : notnull
    {
        var hidden = Anonymity.SuppressedSiblings(counts, k);
        return counts.ToDictionary(c => c.Key, c =>
            !hidden.Contains(c.Key) ? c.Value.ToString(culture) : c.Value < k ? $"< {k}" : hiddenLabel);
    }

    /// <summary>
    /// A breakdown of one cell of another table (the measures of the breaches, the breaches of each unit): as
    /// <see cref="Display{TKey}"/> while that cell is shown exactly; when it is hidden itself, every non-zero part is
    /// hidden too, else the parts would add up to it (and it, with its own siblings, to what it protects).
    /// </summary>
    public static IReadOnlyDictionary<TKey, string> DisplayUnder<TKey>(IReadOnlyDictionary<TKey, int> counts, bool parentShown, int k, string hiddenLabel, IFormatProvider culture)
        where TKey : notnull =>
        parentShown ? Display(counts, k, hiddenLabel, culture)
            : counts.ToDictionary(c => c.Key, c => c.Value == 0 ? c.Value.ToString(culture) : c.Value < k ? $"< {k}" : hiddenLabel);
}
