using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace OmiStack.Harness.Targets;

/// <summary>YAML text to its root mapping, with syntax errors turned into the caller's own error type.</summary>
internal static class YamlText
{
    /// <summary>
    /// The first document's root mapping; null for an empty file or a root that is not a mapping.
    /// A syntax error becomes <paramref name="error"/>(message naming <paramref name="source"/> and the line).
    /// </summary>
    public static YamlMappingNode? RootMapping(string text, string source, Func<string, Exception, Exception> error)
    {
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(text));
        }
        catch (YamlException ex)
        {
            throw error($"{source} line {ex.Start.Line}: not valid YAML ({ex.Message.Split(" (", 2)[0]}).", ex);
        }
        catch (Exception ex) when (ex is InvalidOperationException or ArgumentException or FormatException or OverflowException)
        {
            // YamlDotNet's scanner gives up this way on some malformed input (found by the fuzz test).
            throw error($"{source}: not valid YAML ({ex.Message}).", ex);
        }

        return stream.Documents.Count == 0 ? null : stream.Documents[0].RootNode as YamlMappingNode;
    }
}
