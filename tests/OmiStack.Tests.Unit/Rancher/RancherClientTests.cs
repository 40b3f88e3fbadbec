using System.Text.Json;
using FluentAssertions;
using Flurl.Http.Testing;
using OmiStack.Harness.Rancher;

namespace OmiStack.Tests.Unit.Rancher;

/// <summary>The v2-beta client on recorded real payloads (Payloads/SOURCES.md): field names, pagination, error bodies.</summary>
public sealed class RancherClientTests
{
    private const string Server = "http://rancher.test:8080";

    private static string Payload(string name) => File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Rancher", "Payloads", name));

    private static RancherClient Client() => new(Server, "ACCESSKEY", "s3cr3t-secret-key", TimeSpan.FromSeconds(5)) { Evidence = OmiStack.Harness.Evidence.EvidenceLog.Off };

    [Test]
    public async Task A_recorded_stacks_collection_reads_as_typed_stacks()
    {
        using var http = new HttpTest();
        http.RespondWith(Payload("stacks.rundeck-rancher.json"));

        var stacks = await Client().ListAsync<RancherStackResource>("/v2-beta/projects/1a10/stacks?name=example");

        stacks.Should().ContainSingle().Which.Should().Match<RancherStackResource>(s => s.Id == "1st20" && s.Name == "example" && s.State == "active" && s.HealthState == "healthy" && s.ServiceIds!.Count > 0);
        http.ShouldHaveCalled($"{Server}/v2-beta/projects/1a10/stacks*").WithBasicAuth("ACCESSKEY", "s3cr3t-secret-key");
    }

    [Test]
    public async Task An_empty_recorded_collection_is_no_stacks()
    {
        using var http = new HttpTest();
        http.RespondWith(Payload("no-stacks.rundeck-rancher.json"));

        (await Client().ListAsync<RancherStackResource>("/v2-beta/projects/1a10/stacks?name=mediawiki")).Should().BeEmpty();
    }

    [Test]
    public void A_recorded_service_carries_its_image_ports_and_health_check()
    {
        var service = JsonSerializer.Deserialize<RancherService>(Payload("service.rundeck-rancher.json"))!;

        service.Type.Should().Be("service");
        service.LaunchConfig!.Image.Should().Be("nexus.example.com/frontend:v1.2.3_1");
        service.LaunchConfig.Ports.Should().Equal("57372:80/tcp");
        service.LaunchConfig.HealthCheck.Should().Be(new RancherHealthCheck(80, null, 2, 3, 12000, 2000, "none"));
        service.LaunchConfig.IsGlobal.Should().BeFalse();
    }

    [Test]
    public async Task Collections_are_followed_page_by_page()
    {
        using var http = new HttpTest();
        var first = Payload("stacks.rundeck-rancher.json").Replace("\"next\": null", $"\"next\": \"{Server}/v2-beta/projects/1a10/stacks?marker=m2\"", StringComparison.Ordinal);
        http.RespondWith(first).RespondWith(Payload("stacks.rundeck-rancher.json"));

        var stacks = await Client().ListAsync<RancherStackResource>("/v2-beta/projects/1a10/stacks");

        stacks.Should().HaveCount(2);
        http.ShouldHaveCalled($"{Server}/v2-beta/projects/1a10/stacks?marker=m2");
    }

    [Test]
    public async Task A_recorded_401_body_becomes_one_message_without_the_secret()
    {
        using var http = new HttpTest();
        http.RespondWith("{\"id\":\"XXXX\",\"type\":\"error\",\"links\":{},\"actions\":{},\"status\":401,\"code\":\"Unauthorized\",\"message\":\"Unauthorized\",\"detail\":null}", 401);

        var act = () => Client().GetAsync<RancherStackResource>("/v2-beta/projects/1a10/stacks/1st20");

        var error = (await act.Should().ThrowAsync<RancherApiException>()).Which;
        error.Message.Should().Be("GET /v2-beta/projects/1a10/stacks/1st20 answered HTTP 401 Unauthorized: Unauthorized");
        error.Status.Should().Be(401);
        error.Message.Should().NotContain("s3cr3t");
    }

    [Test]
    public async Task A_recorded_404_body_names_the_resource()
    {
        using var http = new HttpTest();
        http.RespondWith(Payload("not-found.rundeck-rancher.json"), 404);

        var act = () => Client().GetAsync<RancherStackResource>("/v2-beta/projects/1a10/stacks/1st99");

        (await act.Should().ThrowAsync<RancherApiException>()).WithMessage("GET /v2-beta/projects/1a10/stacks/1st99 answered HTTP 404 Not Found: Not Found");
    }

    [Test]
    public async Task A_500_without_an_error_body_and_malformed_json_are_clear_errors()
    {
        using var http = new HttpTest();
        http.RespondWith("<html>Internal Server Error</html>", 500).RespondWith("{\"type\":\"collection\",\"data\":[", 200);

        var server = () => Client().ListAsync<RancherStackResource>("/v2-beta/projects/1a10/stacks");
        (await server.Should().ThrowAsync<RancherApiException>()).WithMessage("GET /v2-beta/projects/1a10/stacks answered HTTP 500");
        (await server.Should().ThrowAsync<RancherApiException>()).WithMessage("GET /v2-beta/projects/1a10/stacks: the answer is not the JSON Rancher sends*");
    }

    [Test]
    public async Task A_422_validation_error_names_its_code_and_field()
    {
        using var http = new HttpTest();

        // The shape Cattle's ValidationErrorCodes produce (go-rancher prints it as "code=MissingRequired, fieldName=…, baseType=error").
        http.RespondWith("{\"id\":\"e1\",\"type\":\"error\",\"links\":{},\"actions\":{},\"status\":422,\"code\":\"MissingRequired\",\"message\":null,\"detail\":null,\"fieldName\":\"name\",\"baseType\":\"error\"}", 422);

        var act = () => Client().ListAsync<RancherStackResource>("/v2-beta/projects/1a10/stacks");

        (await act.Should().ThrowAsync<RancherApiException>()).WithMessage("GET /v2-beta/projects/1a10/stacks answered HTTP 422 MissingRequired: field name");
    }
}
