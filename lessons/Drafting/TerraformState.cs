using System.Text.Json;
using OmiStack.Harness.Targets;

namespace OmiStack.Lessons.Drafting;

/// <summary>
/// The lab's VMs in the output of <c>terraform show -json</c> (state format 1.x, the "values"
/// representation): OpenStack instances (<c>openstack_compute_instance_v2</c>: name, access IPs,
/// network ports and floating IPs) joined with their floating IPs
/// (<c>openstack_networking_floatingip_v2</c> by port or fixed IP,
/// <c>openstack_compute_floatingip_associate_v2</c> by instance,
/// <c>openstack_networking_floatingip_associate_v2</c> by port), in every module. Each instance is
/// matched to a lab name by its own name (<see cref="TargetDraft.LabNameOf"/>).
/// </summary>
public static class TerraformState
{
    /// <summary>The lab's machines and the notes on what could not be told; <see cref="TargetFileException"/> when the text is not such a state.</summary>
    public static (IReadOnlyList<DraftMachine> Machines, IReadOnlyList<string> Notes) Read(string json, string source)
    {
        ArgumentNullException.ThrowIfNull(json);
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json, new JsonDocumentOptions { MaxDepth = 64 });
        }
        catch (JsonException ex)
        {
            throw new TargetFileException($"{source}: not JSON ({ex.Message}); give the output of 'terraform show -json'.", ex);
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("format_version", out var format) || format.ValueKind != JsonValueKind.String)
            {
                throw new TargetFileException($"{source}: no format_version; give the output of 'terraform show -json' (not the raw terraform.tfstate).");
            }

            if (!(format.GetString() ?? "").StartsWith("1.", StringComparison.Ordinal))
            {
                throw new TargetFileException($"{source}: state format {format.GetString()} is not 1.x, the one this reads.");
            }

            var resources = new List<JsonElement>();
            if (root.TryGetProperty("values", out var values) && values.TryGetProperty("root_module", out var module))
            {
                Collect(module, resources, depth: 0);
            }

            return Match(resources, source);
        }
    }

    private static void Collect(JsonElement module, List<JsonElement> into, int depth)
    {
        if (module.ValueKind != JsonValueKind.Object || depth > 16)
        {
            return;
        }

        if (module.TryGetProperty("resources", out var resources) && resources.ValueKind == JsonValueKind.Array)
        {
            into.AddRange(resources.EnumerateArray().Where(r => r.ValueKind == JsonValueKind.Object && Text(r, "mode") == "managed").Select(r => r.Clone()));
        }

        if (module.TryGetProperty("child_modules", out var children) && children.ValueKind == JsonValueKind.Array)
        {
            foreach (var child in children.EnumerateArray())
            {
                Collect(child, into, depth + 1);
            }
        }
    }

    private static (IReadOnlyList<DraftMachine>, IReadOnlyList<string>) Match(List<JsonElement> resources, string source)
    {
        var notes = new List<string>();
        var ofType = (string type) => resources.Where(r => Text(r, "type") == type && r.TryGetProperty("values", out var v) && v.ValueKind == JsonValueKind.Object).Select(r => (Address: Text(r, "address") ?? type, Values: r.GetProperty("values"))).ToList();
        var instances = ofType("openstack_compute_instance_v2");
        if (instances.Count == 0)
        {
            throw new TargetFileException($"{source}: no openstack_compute_instance_v2 in the state; is it the state of the lesson's terraform bundle (after 'terraform apply')?");
        }

        var floatingByInstance = new Dictionary<string, string>(StringComparer.Ordinal);
        var floatingByPort = new Dictionary<string, string>(StringComparer.Ordinal);
        var floatingByFixedIp = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (_, v) in ofType("openstack_compute_floatingip_associate_v2"))
        {
            if (Text(v, "instance_id") is { } instance && Text(v, "floating_ip") is { } ip)
            {
                floatingByInstance[instance] = ip;
            }
        }

        foreach (var (_, v) in ofType("openstack_networking_floatingip_associate_v2"))
        {
            if (Text(v, "port_id") is { } port && Text(v, "floating_ip") is { } ip)
            {
                floatingByPort[port] = ip;
            }
        }

        foreach (var (_, v) in ofType("openstack_networking_floatingip_v2"))
        {
            if (Text(v, "address") is not { } ip)
            {
                continue;
            }

            if (Text(v, "port_id") is { } port)
            {
                floatingByPort.TryAdd(port, ip);
            }

            if (Text(v, "fixed_ip") is { } fixedIp)
            {
                floatingByFixedIp.TryAdd(fixedIp, ip);
            }
        }

        var machines = new List<DraftMachine>();
        var byLabName = instances
            .Select(i => (i.Address, i.Values, Name: Text(i.Values, "name") ?? "", LabName: TargetDraft.LabNameOf(Text(i.Values, "name") ?? "")))
            .Where(i => i.LabName is not null)
            .GroupBy(i => i.LabName!);
        foreach (var group in byLabName.OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            if (group.Count() > 1)
            {
                throw new TargetFileException($"{source}: {group.Count()} instances stand for {group.Key} ({string.Join(", ", group.Select(i => $"{i.Address} named '{i.Name}'"))}); name them apart, or remove the old one with terraform destroy -target=...");
            }

            var (address, values, name, labName) = group.Single();
            var id = Text(values, "id");
            var network = values.TryGetProperty("network", out var n) && n.ValueKind == JsonValueKind.Array ? n.EnumerateArray().ToList() : [];
            var floating = (id is not null ? floatingByInstance.GetValueOrDefault(id) : null)
                ?? network.Select(p => Text(p, "floating_ip")).FirstOrDefault(ip => ip is not null)
                ?? network.Select(p => Text(p, "port")).OfType<string>().Select(floatingByPort.GetValueOrDefault).FirstOrDefault(ip => ip is not null)
                ?? network.Select(p => Text(p, "fixed_ip_v4")).OfType<string>().Append(Text(values, "access_ip_v4")).OfType<string>().Select(floatingByFixedIp.GetValueOrDefault).FirstOrDefault(ip => ip is not null);
            if (floating is not null)
            {
                machines.Add(new DraftMachine(labName!, floating, null, $"instance '{name}' ({address}), floating IP"));
                continue;
            }

            var v4 = Text(values, "access_ip_v4") ?? network.Select(p => Text(p, "fixed_ip_v4")).FirstOrDefault(ip => ip is not null);
            var v6 = Text(values, "access_ip_v6") ?? network.Select(p => Text(p, "fixed_ip_v6")).FirstOrDefault(ip => ip is not null);
            if (v4 is null && v6 is not null)
            {
                machines.Add(new DraftMachine(labName!, v6.Trim('[', ']'), null, $"instance '{name}' ({address}), IPv6 access IP"));
                notes.Add($"{labName} has no floating IP and only an IPv6 address ({v6.Trim('[', ']')}): the grading machine needs IPv6 to reach it.");
            }
            else if (v4 is not null)
            {
                machines.Add(new DraftMachine(labName!, v4, null, $"instance '{name}' ({address}), access IP"));
                notes.Add($"{labName} has no floating IP: its access IP {v4} is used, which is reachable only from inside the cloud's network.");
            }
            else
            {
                notes.Add($"{labName} ({address}) has no address in the state (is it still being created?): it is left out.");
            }
        }

        foreach (var missing in TargetDraft.DockerNodes.Where(n => machines.All(m => m.Name != n)))
        {
            notes.Add($"No instance for {missing} in the state: Lesson 1 needs dockernode1, dockernode2 and dockernode3.");
        }

        return (machines, notes);
    }

    private static string? Text(JsonElement element, string property) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.String && value.GetString() is { Length: > 0 } text ? text : null;
}
