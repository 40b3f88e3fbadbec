using System.Globalization;
using YamlDotNet.RepresentationModel;

namespace OmiStack.Harness.Targets;

/// <content>The reader: one target file's strict reading, each error naming the file, the key and the line.</content>
public static partial class TargetLoader
{
    private sealed class Reader(string source, Func<string, string?> environment)
    {
        /// <summary>The target's student: a secret's variable may carry their id as its prefix.</summary>
        public string Student { get; set; } = "";

        /// <summary>Variable names the lessons' declared sections let any target name.</summary>
        public IReadOnlyList<string> Variables { get; init; } = [];

        public void Keys(YamlMappingNode mapping, string prefix, params string[] known)
        {
            foreach (var key in mapping.Children.Keys)
            {
                var name = (key as YamlScalarNode)?.Value ?? "?";
                if (!known.Contains(name, StringComparer.Ordinal))
                {
                    throw new TargetFileException($"{source} line {Line(key)}: unknown key '{prefix}{name}' (known: {string.Join(", ", known.Select(k => prefix + k))}).");
                }
            }
        }

        public YamlMappingNode? Mapping(YamlMappingNode parent, string key, bool required)
        {
            if (!parent.Children.TryGetValue(new YamlScalarNode(key), out var node))
            {
                return required ? throw new TargetFileException($"{source} line {Line(parent)}: {key} is missing.") : null;
            }

            return node as YamlMappingNode ?? throw new TargetFileException($"{source} line {Line(node)}: {key} must be a mapping (key: value lines).");
        }

        public YamlSequenceNode Sequence(YamlMappingNode parent, string key)
        {
            if (!parent.Children.TryGetValue(new YamlScalarNode(key), out var node))
            {
                throw new TargetFileException($"{source} line {Line(parent)}: {key} is missing.");
            }

            var sequence = node as YamlSequenceNode ?? throw new TargetFileException($"{source} line {Line(node)}: {key} must be a list ('- name: ...' items).");
            return sequence.Children.Count > 0 ? sequence : throw new TargetFileException($"{source} line {Line(node)}: {key} is empty; list the lesson's VMs, manager first.");
        }

        public string? String(YamlMappingNode parent, string path, string key, bool required = true)
        {
            if (!parent.Children.TryGetValue(new YamlScalarNode(key), out var node))
            {
                return required ? throw new TargetFileException($"{source} line {Line(parent)}: {path} is missing.") : null;
            }

            if (node is not YamlScalarNode scalar || string.IsNullOrWhiteSpace(scalar.Value))
            {
                throw new TargetFileException($"{source} line {Line(node)}: {path} must be a non-empty text.");
            }

            return scalar.Value.Trim();
        }

        /// <summary>A secret: "${VAR}" is read from the environment (a missing variable is an error naming it, never the value).</summary>
        public string? Secret(YamlMappingNode parent, string path, string key)
        {
            var text = String(parent, path, key, required: false);
            if (text is null)
            {
                return null;
            }

            var match = System.Text.RegularExpressions.Regex.Match(text, @"^\$\{([A-Za-z_][A-Za-z0-9_]*)\}$");
            if (!match.Success)
            {
                return text;
            }

            var variable = match.Groups[1].Value;
            if (!TargetVariables.Allowed(variable, Student, Variables, environment))
            {
                throw new TargetFileException($"{source} line {Line(parent.Children[new YamlScalarNode(key)])}: {path} names the environment variable {variable}, which a target may not read ({TargetVariables.Rule(Student, Variables)}).");
            }

            return environment(variable) is { Length: > 0 } value
                ? value
                : throw new TargetFileException($"{source} line {Line(parent.Children[new YamlScalarNode(key)])}: {path} names the environment variable {variable}, which is not set.");
        }

        /// <summary>A section a lesson declared: only its keys, its secrets read, its host lists read as nodes are.</summary>
        public TargetSection Declared(YamlMappingNode section, SectionSchema schema)
        {
            var key = schema.Key;
            Keys(section, key + ".", [.. schema.AllKeys]);
            var secrets = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var name in schema.Secrets)
            {
                if (Secret(section, $"{key}.{name}", name) is { } value)
                {
                    secrets[name] = value;
                }
            }

            var hosts = new Dictionary<string, IReadOnlyList<NodeTarget>>(StringComparer.Ordinal);
            foreach (var name in schema.HostLists.Where(n => section.Children.ContainsKey(new YamlScalarNode(n))))
            {
                hosts[name] = [.. Sequence(section, name).Children.Select((h, i) => Node(h, $"{key}.{name}[{i}]"))];
            }

            foreach (var name in schema.Fields.Where(n => section.Children.ContainsKey(new YamlScalarNode(n))))
            {
                String(section, $"{key}.{name}", name);
            }

            return new TargetSection(key, source, section) { SecretValues = secrets, HostLists = hosts };
        }

        public int? Port(YamlMappingNode parent, string path, string key)
        {
            var text = String(parent, path, key, required: false);
            return text is null ? null : ParsePort(text, path, parent.Children[new YamlScalarNode(key)]);
        }

        public NodeTarget Node(YamlNode node, string path)
        {
            var mapping = node as YamlMappingNode ?? throw new TargetFileException($"{source} line {Line(node)}: {path} must be a mapping with name and address.");
            Keys(mapping, path + ".", "name", "address", "ports");
            Dictionary<int, int>? ports = null;
            if (mapping.Children.TryGetValue(new YamlScalarNode("ports"), out var portsNode))
            {
                var portMap = portsNode as YamlMappingNode ?? throw new TargetFileException($"{source} line {Line(portsNode)}: {path}.ports must be a mapping like {{ 22: 2222 }}.");
                ports = [];
                foreach (var (k, v) in portMap.Children)
                {
                    var labPort = ParsePort((k as YamlScalarNode)?.Value, $"{path}.ports key", k);
                    ports[labPort] = ParsePort((v as YamlScalarNode)?.Value, $"{path}.ports[{labPort}]", v);
                }
            }

            return new NodeTarget { Name = String(mapping, $"{path}.name", "name")!, Address = String(mapping, $"{path}.address", "address")!, Ports = ports };
        }

        private int ParsePort(string? text, string path, YamlNode node) =>
            int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var port) && port is > 0 and < 65536
                ? port
                : throw new TargetFileException($"{source} line {Line(node)}: {path} must be a port number (1-65535), but is '{text}'.");
    }
}
