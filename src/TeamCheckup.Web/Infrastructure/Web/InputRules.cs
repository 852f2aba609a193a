using System.Text;

namespace TeamCheckup.Web.Infrastructure.Web;

/// <summary>The <c>Input</c> configuration section: the limits every form field and query parameter is held to.</summary>
public sealed class InputOptions
{
    public const string Section = "Input";

    /// <summary>Longest value of one field or query parameter, in characters (the longest field of the app takes 8,000).</summary>
    public int MaxValueLength { get; set; } = 10_000;

    /// <summary>Largest form body, in bytes; a bigger one is refused with 413.</summary>
    public int MaxFormBytes { get; set; } = 1_048_576;

    /// <summary>Most fields (name=value pairs) in one form or query string.</summary>
    public int MaxFields { get; set; } = 2_000;

    /// <summary>How long a used form token is remembered, so that a form sent again (back button, retry) is recognised.</summary>
    public int FormTokenRetentionDays { get; set; } = 30;
}

public enum InputProblemKind
{
    /// <summary>A control character: C0 (but tab, CR, LF), DEL, C1, or a non-character such as U+FFFD.</summary>
    Control,
    /// <summary>Bytes that are not valid UTF-8 (including encoded lone surrogates).</summary>
    Encoding,
    /// <summary>Longer than <see cref="InputOptions.MaxValueLength"/>.</summary>
    TooLong,
    /// <summary>A line break or tab in a field that is not a text area.</summary>
    LineBreak,
}

/// <summary>A problem with one field; <paramref name="Limit"/> is the maximum length for <see cref="InputProblemKind.TooLong"/>.</summary>
public sealed record InputProblem(string Field, InputProblemKind Kind, int Limit = 0);

/// <summary>Why a whole request was refused, besides problems with single fields.</summary>
public enum InputRefusal
{
    /// <summary>A POST whose body is not a form (JSON, text/plain, multipart): 415.</summary>
    NotAForm,
    /// <summary>The form body is larger than <see cref="InputOptions.MaxFormBytes"/>: 413.</summary>
    TooLarge,
    TooManyFields,
    /// <summary>The form carries none of the fields of the action it was sent to.</summary>
    NoFields,
    /// <summary>The form token is missing or malformed (an old page, or not our form).</summary>
    NoFormToken,
    /// <summary>The form was sent before and handled: it is not handled again.</summary>
    AlreadySent,
    /// <summary>The same form is still being handled by an earlier request.</summary>
    InProgress,
}

/// <summary>
/// What was wrong with a request's input, kept as a request feature from the input guard on: the form
/// (re-shown with messages) or the error page (which lists them) reads it; neither reads the bad bytes again.
/// </summary>
public sealed class RefusedInput
{
    public List<InputProblem> Problems { get; } = [];
    public InputRefusal? Refusal { get; set; }
    /// <summary>Messages already in the user's language (model-binding errors of an action without a form to re-show).</summary>
    public List<string> Messages { get; } = [];

    public bool IsEmpty => Problems.Count == 0 && Refusal is null && Messages.Count == 0;

    public static RefusedInput Of(HttpContext context)
    {
        var refused = context.Features.Get<RefusedInput>();
        if (refused is null) context.Features.Set(refused = new RefusedInput());
        return refused;
    }
}

/// <summary>
/// Reads <c>application/x-www-form-urlencoded</c> text (a form body or a query string) strictly: the bytes
/// must be valid UTF-8, no value may hold a control character or be over-long. It never throws; each
/// problem is recorded and the value is cleaned (the offending characters dropped, the value cut to the
/// limit), so a form can be shown again with what the user typed minus what could not be accepted.
/// </summary>
public static class StrictFormReader
{
    private static readonly UTF8Encoding Strict = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    public static List<KeyValuePair<string, string>> Read(ReadOnlySpan<byte> text, InputOptions limits, List<InputProblem> problems, out bool tooManyFields)
    {
        var fields = new List<KeyValuePair<string, string>>();
        tooManyFields = false;
        while (text.Length > 0)
        {
            var end = text.IndexOf((byte)'&');
            var pair = end < 0 ? text : text[..end];
            text = end < 0 ? [] : text[(end + 1)..];
            if (pair.IsEmpty) continue;
            if (fields.Count == limits.MaxFields) { tooManyFields = true; break; }
            var equals = pair.IndexOf((byte)'=');
            var rawName = equals < 0 ? pair : pair[..equals];
            var rawValue = equals < 0 ? [] : pair[(equals + 1)..];
            var name = Clean(Decode(rawName, out var nameValid), "(name)", nameValid, limits, problems);
            var value = Clean(Decode(rawValue, out var valueValid), name, valueValid, limits, problems);
            fields.Add(new(name, value));
        }
        return fields;
    }

    /// <summary>True for the characters no field may hold: C0 controls other than tab, CR and LF; DEL; C1
    /// controls; and U+FFFD, U+FFFE, U+FFFF (the mark of bytes that could not be read, and non-characters).</summary>
    public static bool IsForbidden(char c) =>
        c < ' ' ? c is not ('\t' or '\n' or '\r') : c == '\u007f' || c is >= '\u0080' and <= '\u009f' || c is '\ufffd' or '\ufffe' or '\uffff';

    /// <summary>Checks and cleans a value some other reader already decoded (a text field of a file upload).</summary>
    public static string CleanValue(string value, string field, InputOptions limits, List<InputProblem> problems) =>
        Clean(value, field, validUtf8: true, limits, problems);

    public static bool HasLineBreak(string value) => value.AsSpan().IndexOfAny('\r', '\n', '\t') >= 0;

    private static string Decode(ReadOnlySpan<byte> raw, out bool valid)
    {
        var bytes = new byte[raw.Length];
        var length = 0;
        for (var i = 0; i < raw.Length; i++)
        {
            var b = raw[i];
            if (b == (byte)'+') b = (byte)' ';
            else if (b == (byte)'%' && i + 2 < raw.Length && IsHex(raw[i + 1]) && IsHex(raw[i + 2]))
            {
                b = (byte)(HexValue(raw[i + 1]) << 4 | HexValue(raw[i + 2]));
                i += 2;
            }
            bytes[length++] = b;
        }
        try
        {
            valid = true;
            return Strict.GetString(bytes, 0, length);
        }
        catch (DecoderFallbackException)
        {
            valid = false;
            return Encoding.UTF8.GetString(bytes, 0, length); // invalid sequences become U+FFFD, dropped by Clean
        }
    }

    private static string Clean(string value, string field, bool validUtf8, InputOptions limits, List<InputProblem> problems)
    {
        if (!validUtf8) problems.Add(new InputProblem(field, InputProblemKind.Encoding));
        if (value.AsSpan().ContainsAny(ForbiddenOrSurrogates))
        {
            var kept = new StringBuilder(value.Length);
            var control = false;
            for (var i = 0; i < value.Length; i++)
            {
                var c = value[i];
                if (char.IsHighSurrogate(c) && i + 1 < value.Length && char.IsLowSurrogate(value[i + 1])) { kept.Append(c).Append(value[++i]); continue; }
                if (IsForbidden(c) || char.IsSurrogate(c)) { control |= c != '\ufffd' || validUtf8; continue; }
                kept.Append(c);
            }
            if (control) problems.Add(new InputProblem(field, InputProblemKind.Control));
            value = kept.ToString();
        }
        if (value.Length > limits.MaxValueLength)
        {
            problems.Add(new InputProblem(field, InputProblemKind.TooLong, limits.MaxValueLength));
            value = value[..limits.MaxValueLength];
            if (char.IsHighSurrogate(value[^1])) value = value[..^1];
        }
        return value;
    }

    private static readonly System.Buffers.SearchValues<char> ForbiddenOrSurrogates = System.Buffers.SearchValues.Create(
        Enumerable.Range(0, 0x10000).Select(i => (char)i).Where(c => IsForbidden(c) || char.IsSurrogate(c)).ToArray());

    private static bool IsHex(byte b) => b is >= (byte)'0' and <= (byte)'9' or >= (byte)'a' and <= (byte)'f' or >= (byte)'A' and <= (byte)'F';

    private static int HexValue(byte b) => b <= (byte)'9' ? b - '0' : (b | 0x20) - 'a' + 10;
}
