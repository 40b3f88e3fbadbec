using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;
using YamlDotNet.Serialization;
using YamlDotNet.Serialization.NamingConventions;

namespace OmiStack.Harness.Targets;

/// <summary>
/// The one way OmiStack reads YAML files (targets, rosters, rubrics, answer keys, answers, overrides):
/// size-capped UTF-8, and syntax errors (including the exceptions the fuzz test found YamlDotNet
/// throws on some malformed input) turned into the caller's own error type naming the file and line.
/// </summary>
public static class YamlText
{
    /// <summary>
    /// The text of a YAML file no larger than <paramref name="maxBytes"/>; a missing, oversized or
    /// non-UTF-8 file is <paramref name="error"/>(message) naming <paramref name="what"/> and the path.
    /// </summary>
    public static string ReadFile(string path, string what, long maxBytes, Func<string, Exception?, Exception> error)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(error);
        if (!File.Exists(path))
        {
            throw error($"{what} '{path}' does not exist.", null);
        }

        if (new FileInfo(path).Length > maxBytes)
        {
            throw error($"{what} '{path}' is larger than {maxBytes / 1024} KiB.", null);
        }

        try
        {
            return new System.Text.UTF8Encoding(false, throwOnInvalidBytes: true).GetString(File.ReadAllBytes(path));
        }
        catch (System.Text.DecoderFallbackException ex)
        {
            throw error($"{what} '{path}' is not UTF-8 text.", ex);
        }
    }

    /// <summary>
    /// The first document's root mapping; null for an empty file or a root that is not a mapping.
    /// A syntax error becomes <paramref name="error"/>(message naming <paramref name="source"/> and the line).
    /// </summary>
    public static YamlMappingNode? RootMapping(string text, string source, Func<string, Exception, Exception> error)
    {
        ArgumentNullException.ThrowIfNull(error);
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

    /// <summary>
    /// YAML text as <typeparamref name="T"/> (camelCase keys), with the same guard as <see cref="RootMapping"/>:
    /// a syntax or type error becomes <paramref name="error"/>(message naming <paramref name="source"/> and the line).
    /// </summary>
    public static T? Deserialize<T>(string text, string source, Func<string, Exception, Exception> error, bool camelCase = true)
    {
        ArgumentNullException.ThrowIfNull(error);
        var builder = new DeserializerBuilder();
        if (camelCase)
        {
            builder = builder.WithNamingConvention(CamelCaseNamingConvention.Instance);
        }

        try
        {
            return builder.Build().Deserialize<T>(text);
        }
        catch (YamlException ex)
        {
            throw error($"{source} line {ex.Start.Line}: {ex.InnerException?.Message ?? ex.Message}", ex);
        }
        catch (Exception ex) when (ex is InvalidOperationException or ArgumentException or FormatException or OverflowException)
        {
            throw error($"{source}: not valid YAML ({ex.Message}).", ex);
        }
    }
}
