using System.Text;

namespace OmiStack.Reports.Text;

/// <summary>
/// Text from a student's environment (names, labels, error texts, HTTP bodies) made safe for each
/// format: control characters removed, long texts cut with a marker, then escaped for the target
/// (HTML by the framework's HtmlEncoder, XML by System.Xml, CSV by CsvHelper, Markdown here).
/// </summary>
public static class StudentText
{
    /// <summary>Longest text kept in a report cell or message.</summary>
    public const int MaxLength = 2000;

    /// <summary>The marker that ends a cut text.</summary>
    public const string CutMarker = " …[cut]";

    /// <summary>Control characters (but tab and newline) removed, invalid surrogates replaced, cut to <paramref name="max"/>.</summary>
    public static string Clean(string? text, int max = MaxLength)
    {
        if (string.IsNullOrEmpty(text))
        {
            return "";
        }

        var builder = new StringBuilder(Math.Min(text.Length, max + CutMarker.Length));
        foreach (var rune in text.EnumerateRunes())
        {
            if (Rune.IsControl(rune) && rune.Value is not '\n' and not '\t')
            {
                continue;
            }

            // Bidi overrides can make a name read backwards: drop them too.
            if (rune.Value is >= 0x202A and <= 0x202E or >= 0x2066 and <= 0x2069)
            {
                continue;
            }

            builder.Append(rune.ToString());
            if (builder.Length >= max)
            {
                return builder.ToString(0, max) + CutMarker;
            }
        }

        return builder.ToString();
    }

    /// <summary>
    /// A message with a student's text in it, as a console shows it: control characters (ANSI escapes)
    /// gone, cut, and on one line, so no line of it can start a CI workflow command ("::error::").
    /// </summary>
    public static string OneLine(string? text) => Clean(text).ReplaceLineEndings(" ");

    /// <summary>One line of text for a Markdown table cell: cleaned, newlines folded, Markdown's active characters escaped.</summary>
    public static string MarkdownCell(string? text, int max = MaxLength)
    {
        var clean = Clean(text, max).Replace("\r", "", StringComparison.Ordinal).Replace("\n", " ", StringComparison.Ordinal);
        return MarkdownInline(clean);
    }

    /// <summary>
    /// Inline Markdown with every character Markdown (or raw HTML in it) could act on escaped: emphasis,
    /// code, links, images, tables, HTML; '#', '-', '+' only where they start the text.
    /// </summary>
    public static string MarkdownInline(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var builder = new StringBuilder(text.Length + 16);
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            switch (c)
            {
                case '<':
                    builder.Append("&lt;");
                    break;
                case '>':
                    builder.Append("&gt;");
                    break;
                case '&':
                    builder.Append("&amp;");
                    break;
                case '\\' or '`' or '*' or '_' or '[' or ']' or '|' or '~' or '!':
                    builder.Append('\\').Append(c);
                    break;
                case '#' or '-' or '+' when i == 0:
                    builder.Append('\\').Append(c);
                    break;
                // GitHub's Markdown makes links of bare URLs ("http://", "www."), and e-mail addresses: escaped, they stay text.
                case ':' when i + 2 < text.Length && text[i + 1] == '/' && text[i + 2] == '/':
                case '.' when i >= 3 && text.AsSpan(i - 3, 3).Equals("www", StringComparison.OrdinalIgnoreCase) && (i == 3 || !char.IsLetterOrDigit(text[i - 4])):
                case '@':
                    builder.Append('\\').Append(c);
                    break;
                default:
                    builder.Append(c);
                    break;
            }
        }

        return builder.ToString();
    }
}
