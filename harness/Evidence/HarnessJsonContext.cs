using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using OmiStack.Harness.Docker;
using OmiStack.Harness.Http;
using OmiStack.Harness.Rancher;
using OmiStack.Harness.Registry;
using OmiStack.Harness.Scoring;
using OmiStack.Harness.Ssh;

namespace OmiStack.Harness.Evidence;

/// <summary>
/// JSON metadata made at build time for what every grade writes and reads: the answers evidence keeps (each Docker
/// and HTTP exchange, each command, connect and TLS handshake), the evidence file's entries, checks and reads, and the
/// kept verdicts. Built by reflection instead, these types cost the grade a cold start's metadata work and JIT (their
/// properties' accessors and converters over int, decimal, DateTimeOffset and the enums: about 360 methods a grade,
/// measured in docs/benchmarks.md); made here, it is ordinary code, compiled ahead of time with the rest.
/// Each options instance keeps its own settings (naming, enum converters, encoder): the context only supplies
/// metadata, and any type not listed here is still served by reflection (<see cref="With"/>).
/// Not listed: types with an init-only property whose initializer is not the default (EvidenceDocument's Format and
/// Reads, EvidenceTarget's registry Port). Generated code builds such a type with every init-only property in one
/// object initializer, so a property missing from the JSON (evidence written before it existed) would read as null
/// or 0 instead of its initializer's value; reflection keeps the initializer.
/// </summary>
[JsonSerializable(typeof(HttpExchange))]
[JsonSerializable(typeof(ShellAnswer))]
[JsonSerializable(typeof(ConnectAnswer))]
[JsonSerializable(typeof(ConnectInfoChoice))]
[JsonSerializable(typeof(RancherClock))]
[JsonSerializable(typeof(TlsHandshake))]
[JsonSerializable(typeof(RegistryTrust.TrustRead))]
[JsonSerializable(typeof(RegistryClient.DigestAnswer))]
[JsonSerializable(typeof(RegistryCatalog))]
[JsonSerializable(typeof(HttpProbeResult))]
[JsonSerializable(typeof(RancherResponse))]
[JsonSerializable(typeof(EvidenceEntry))]
[JsonSerializable(typeof(EvidenceCheck))]
[JsonSerializable(typeof(EvidenceRead))]
[JsonSerializable(typeof(Dictionary<string, KeptVerdict>))]
[JsonSerializable(typeof(SortedDictionary<string, KeptVerdict>))]
[JsonSerializable(typeof(KeptVerdicts.RecordFile))]
internal sealed partial class HarnessJsonContext : JsonSerializerContext
{
    /// <summary>This context first, reflection for any other type.</summary>
    public static IJsonTypeInfoResolver With => JsonTypeInfoResolver.Combine(Default, new DefaultJsonTypeInfoResolver());
}
