using System.Text.Json.Serialization;

namespace OmiStack.Harness.Rancher;

// Typed records for the Rancher 1.6 v2-beta resources the Lesson 2 checks read. Field names follow
// recorded real payloads (tests/OmiStack.Tests.Unit/Rancher/Payloads); unknown fields are ignored.

/// <summary>A v2-beta collection: data plus pagination (next is a full URL, null on the last page).</summary>
public sealed record RancherPage<T>(
    [property: JsonPropertyName("type")] string Type,
    [property: JsonPropertyName("resourceType")] string? ResourceType,
    [property: JsonPropertyName("data")] IReadOnlyList<T> Data,
    [property: JsonPropertyName("pagination")] RancherPagination? Pagination);

/// <summary>Collection pagination.</summary>
public sealed record RancherPagination(
    [property: JsonPropertyName("next")] string? Next,
    [property: JsonPropertyName("limit")] int? Limit,
    [property: JsonPropertyName("partial")] bool Partial);

/// <summary>A stack (v1 called them environments).</summary>
public sealed record RancherStackResource(
    [property: JsonPropertyName("id")] string Id,
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("state")] string State,
    [property: JsonPropertyName("healthState")] string? HealthState,
    [property: JsonPropertyName("serviceIds")] IReadOnlyList<string>? ServiceIds,
    [property: JsonPropertyName("transitioning")] string? Transitioning = null);

/// <summary>A service of any kind (type "service", "loadBalancerService", …).</summary>
public sealed record RancherService(
    [property: JsonPropertyName("id")] string Id,
    [property: JsonPropertyName("type")] string Type,
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("state")] string State,
    [property: JsonPropertyName("healthState")] string? HealthState,
    [property: JsonPropertyName("stackId")] string? StackId,
    [property: JsonPropertyName("scale")] int? Scale,
    [property: JsonPropertyName("launchConfig")] RancherLaunchConfig? LaunchConfig,
    [property: JsonPropertyName("lbConfig")] RancherLbConfig? LbConfig,
    [property: JsonPropertyName("currentScale")] int? CurrentScale = null,
    [property: JsonPropertyName("publicEndpoints")] IReadOnlyList<RancherPublicEndpoint>? PublicEndpoints = null,
    [property: JsonPropertyName("transitioning")] string? Transitioning = null)
{
    /// <summary>A load balancer (type loadBalancerService).</summary>
    public bool IsLoadBalancer => Type == "loadBalancerService";
}

/// <summary>Where a service's port is reachable: on which host, which port.</summary>
public sealed record RancherPublicEndpoint(
    [property: JsonPropertyName("hostId")] string? HostId,
    [property: JsonPropertyName("ipAddress")] string? IpAddress,
    [property: JsonPropertyName("port")] int? Port);

/// <summary>A project (the UI's "environment").</summary>
public sealed record RancherProject(
    [property: JsonPropertyName("id")] string Id,
    [property: JsonPropertyName("name")] string? Name,
    [property: JsonPropertyName("state")] string? State,
    [property: JsonPropertyName("links")] IReadOnlyDictionary<string, string>? Links);

/// <summary>An API key: publicValue is the access key; the secret is never readable after creation.</summary>
public sealed record RancherApiKey(
    [property: JsonPropertyName("id")] string Id,
    [property: JsonPropertyName("name")] string? Name,
    [property: JsonPropertyName("state")] string? State,
    [property: JsonPropertyName("publicValue")] string? PublicValue);

/// <summary>One schema of the schemas document.</summary>
public sealed record RancherSchema(
    [property: JsonPropertyName("id")] string Id,
    [property: JsonPropertyName("type")] string? Type);

/// <summary>How a service's containers are launched.</summary>
public sealed record RancherLaunchConfig(
    [property: JsonPropertyName("imageUuid")] string? ImageUuid,
    [property: JsonPropertyName("ports")] IReadOnlyList<string>? Ports,
    [property: JsonPropertyName("labels")] IReadOnlyDictionary<string, string>? Labels,
    [property: JsonPropertyName("healthCheck")] RancherHealthCheck? HealthCheck)
{
    /// <summary>The image without Rancher's "docker:" prefix.</summary>
    public string? Image => ImageUuid is { } uuid && uuid.StartsWith("docker:", StringComparison.Ordinal) ? uuid["docker:".Length..] : ImageUuid;

    /// <summary>"Always run one instance of this container on every host": the label io.rancher.scheduler.global = true.</summary>
    public bool IsGlobal => Labels is not null && Labels.TryGetValue("io.rancher.scheduler.global", out var global) && string.Equals(global, "true", StringComparison.OrdinalIgnoreCase); // Cattle: Boolean.valueOf
}

/// <summary>An instanceHealthCheck.</summary>
public sealed record RancherHealthCheck(
    [property: JsonPropertyName("port")] int? Port,
    [property: JsonPropertyName("requestLine")] string? RequestLine,
    [property: JsonPropertyName("healthyThreshold")] int? HealthyThreshold,
    [property: JsonPropertyName("unhealthyThreshold")] int? UnhealthyThreshold,
    [property: JsonPropertyName("interval")] int? Interval,
    [property: JsonPropertyName("responseTimeout")] int? ResponseTimeout,
    [property: JsonPropertyName("strategy")] string? Strategy);

/// <summary>A load balancer's configuration.</summary>
public sealed record RancherLbConfig(
    [property: JsonPropertyName("portRules")] IReadOnlyList<RancherPortRule>? PortRules);

/// <summary>One port rule: requests on sourcePort go to the target service's targetPort.</summary>
public sealed record RancherPortRule(
    [property: JsonPropertyName("sourcePort")] int? SourcePort,
    [property: JsonPropertyName("targetPort")] int? TargetPort,
    [property: JsonPropertyName("serviceId")] string? ServiceId,
    [property: JsonPropertyName("protocol")] string? Protocol);

/// <summary>A host; v2-beta shows a disconnected agent as the host's state.</summary>
public sealed record RancherHost(
    [property: JsonPropertyName("id")] string Id,
    [property: JsonPropertyName("hostname")] string? Hostname,
    [property: JsonPropertyName("state")] string State,
    [property: JsonPropertyName("agentState")] string? AgentState,
    [property: JsonPropertyName("agentIpAddress")] string? AgentIpAddress,
    [property: JsonPropertyName("name")] string? Name = null,
    [property: JsonPropertyName("transitioning")] string? Transitioning = null,
    [property: JsonPropertyName("uuid")] string? Uuid = null);

/// <summary>A container (an instance of a service): its state, health, and how often Rancher started it.</summary>
public sealed record RancherContainer(
    [property: JsonPropertyName("id")] string Id,
    [property: JsonPropertyName("name")] string? Name,
    [property: JsonPropertyName("state")] string? State,
    [property: JsonPropertyName("healthState")] string? HealthState,
    [property: JsonPropertyName("startCount")] int? StartCount,
    [property: JsonPropertyName("firstRunning")] string? FirstRunning,
    [property: JsonPropertyName("serviceIds")] IReadOnlyList<string>? ServiceIds,
    [property: JsonPropertyName("hostId")] string? HostId);

/// <summary>The error envelope (type "error"): status, code, message, detail.</summary>
public sealed record RancherError(
    [property: JsonPropertyName("status")] int Status,
    [property: JsonPropertyName("code")] string? Code,
    [property: JsonPropertyName("message")] string? Message,
    [property: JsonPropertyName("detail")] string? Detail,
    [property: JsonPropertyName("fieldName")] string? FieldName = null);
