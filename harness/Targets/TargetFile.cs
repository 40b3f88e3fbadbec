using YamlDotNet.Serialization;
using YamlDotNet.Serialization.NamingConventions;

namespace OmiStack.Harness.Targets;

/// <summary>Reads and writes target files (YAML).</summary>
public static class TargetFile
{
    private static readonly ISerializer Serializer = new SerializerBuilder()
        .WithNamingConvention(CamelCaseNamingConvention.Instance)
        .ConfigureDefaultValuesHandling(DefaultValuesHandling.OmitNull)
        .DisableAliases()
        .Build();

    /// <summary>The target as YAML text.</summary>
    public static string ToYaml(Target target) => Serializer.Serialize(target);

    /// <summary>Writes the target to <paramref name="path"/>, with a header line.</summary>
    public static void Write(Target target, string path, string? header = null)
    {
        var text = (header is null ? "" : string.Join('\n', header.Split('\n').Select(l => "# " + l)) + "\n") + ToYaml(target);
        File.WriteAllText(path, text);
    }
}
