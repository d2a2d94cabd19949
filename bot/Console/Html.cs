using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Encodings.Web;

namespace KissBot.Bot.StaffConsole;

/// <summary>
/// A piece of HTML that is safe to write as is. Build it with <see cref="H"/>: every interpolated value is
/// HTML-encoded unless it is itself <see cref="Html"/> (or a sequence of them), so user data can never inject markup.
/// <code>Html.H($"&lt;td&gt;{booking.Name}&lt;/td&gt;")</code>
/// </summary>
public readonly struct Html(string value)
{
    /// <summary>Encodes markup characters only (Indonesian text and symbols such as "–" stay readable in the source).</summary>
    internal static readonly HtmlEncoder Enc = HtmlEncoder.Create(System.Text.Unicode.UnicodeRanges.All);

    public string Value { get; } = value ?? "";

    public static readonly Html Empty = new("");

    public static Html H([InterpolatedStringHandlerArgument] ref HtmlHandler h) => h.ToHtml();

    /// <summary>Trusted markup (constants only — never user data).</summary>
    public static Html Raw(string trusted) => new(trusted);

    public static Html Encode(string? text) => new(Enc.Encode(text ?? ""));

    public static Html Join(IEnumerable<Html> parts) => new(string.Concat(parts.Select(p => p.Value)));

    /// <summary>The part when the condition holds, else nothing.</summary>
    public static Html If(bool condition, Html part) => condition ? part : Empty;

    public override string ToString() => Value;
}

[InterpolatedStringHandler]
public ref struct HtmlHandler
{
    private readonly StringBuilder _sb;

    public HtmlHandler(int literalLength, int formattedCount) => _sb = new StringBuilder(literalLength + formattedCount * 16);

    public void AppendLiteral(string s) => _sb.Append(s);

    public void AppendFormatted(Html h) => _sb.Append(h.Value);

    public void AppendFormatted(IEnumerable<Html> parts)
    {
        foreach (var p in parts) _sb.Append(p.Value);
    }

    public void AppendFormatted(string? s) => _sb.Append(Html.Enc.Encode(s ?? ""));

    public void AppendFormatted<T>(T value, string? format = null)
    {
        switch (value) // a List<Html> or Html[] binds here rather than to the IEnumerable<Html> overload
        {
            case Html h: _sb.Append(h.Value); return;
            case IEnumerable<Html> parts: AppendFormatted(parts); return;
        }
        var s = value is IFormattable f ? f.ToString(format, System.Globalization.CultureInfo.InvariantCulture) : value?.ToString();
        _sb.Append(Html.Enc.Encode(s ?? ""));
    }

    internal Html ToHtml() => new(_sb.ToString());
}
