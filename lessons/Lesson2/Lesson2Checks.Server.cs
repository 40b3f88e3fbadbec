using OmiStack.Harness.Checks;
using OmiStack.Harness.Gathering;
using OmiStack.Harness.Rancher;

namespace OmiStack.Lessons.Lesson2;

public static partial class Lesson2Checks
{
    private static async Task<Judgement> ServerAsync(LabSession session, CancellationToken cancellationToken)
    {
        var answer = await session.Rancher().ServerAsync(cancellationToken).ConfigureAwait(false);
        return JudgeServer(RancherClient.ServerUrl(session.Target.Rancher!.Url), answer);
    }

    /// <summary>The rancher.server rule on one answer to GET /v2-beta/schemas.</summary>
    public static Judgement JudgeServer(string url, RancherServerAnswer answer)
    {
        ArgumentNullException.ThrowIfNull(answer);
        if (answer.Error is { } error)
        {
            return error.Failure == RancherFailure.Unreachable
                ? Judgement.Fail($"nothing answers at {url}: {error.Message}")
                : Judgement.Inconclusive($"{url} did not answer: {error.Message}");
        }

        var response = answer.Response!;
        var version = response.Version is null ? "" : $", Rancher {response.Version}";
        if (response.Status is 401 or 403)
        {
            // The server is there; the key is rancher.auth's business.
            return Judgement.Pass($"the v2-beta API answers at {url} (it refused this key with {RancherClient.Describe(response)}: see rancher.auth){version}");
        }

        if (response.Status != 200)
        {
            return Judgement.Fail($"GET {url}/v2-beta/schemas answered {RancherClient.Describe(response)}"
                + (response.Status == 404 ? " (not a Rancher 1.6 server: Rancher 2 serves /v3, other servers no /v2-beta)" : ""));
        }

        RancherPage<RancherSchema> schemas;
        try
        {
            schemas = RancherClient.Parse<RancherPage<RancherSchema>>(response.Body, "/v2-beta/schemas");
        }
        catch (RancherApiException ex)
        {
            return Judgement.Fail($"{url} answers, but not as Rancher: {ex.Message}");
        }

        var ids = (schemas.Data ?? []).Select(s => s.Id).ToHashSet(StringComparer.Ordinal);
        string[] needed = ["stack", "service", "loadBalancerService", "host"];
        var missing = needed.Where(n => !ids.Contains(n)).ToList();
        return schemas.Type == "collection" && missing.Count == 0
            ? Judgement.Pass($"the v2-beta API answers at {url}: {ids.Count} schemas{version}")
            : Judgement.Fail($"{url}/v2-beta/schemas is not Rancher 1.6's schema document (type '{schemas.Type}', missing schemas: {string.Join(", ", missing)})");
    }

    private static async Task<Judgement> AuthAsync(LabSession session, CancellationToken cancellationToken)
    {
        var access = await session.Rancher().AccessAsync(cancellationToken).ConfigureAwait(false);
        return access.Problem ?? JudgeAuth(session.Target.Rancher!.AccessKey, access.Value!);
    }

    /// <summary>The rancher.auth rule: the key authenticates; whether access control is on is reported.</summary>
    public static Judgement JudgeAuth(string accessKey, RancherAccess access)
    {
        ArgumentNullException.ThrowIfNull(access);
        var keyed = access.Keyed;
        if (keyed.Status is 401 or 403)
        {
            return Judgement.Fail($"the server refused access key {accessKey}: {RancherClient.Describe(keyed)} (a wrong or deactivated key, or an environment key for another environment)");
        }

        if (keyed.Status != 200)
        {
            return Judgement.Inconclusive($"GET /v2-beta/projects answered {RancherClient.Describe(keyed)} (see rancher.server)");
        }

        if (access.Anonymous.Status is 401 or 403)
        {
            return Judgement.Pass($"access control is on (a request without a key gets {RancherClient.Describe(access.Anonymous)}); key {accessKey} authenticates");
        }

        // Access control off: Rancher takes any request (so 'rancher ps' works with any key); the
        // lesson's step is done, and the message says what that means and whether the key exists.
        var key = access.Keys?.FirstOrDefault(k => k.PublicValue == accessKey);
        var listed = access.Keys is null
            ? "its API keys could not be listed"
            : key is null ? $"{accessKey} is not one of the server's API keys ({access.Keys.Count} keys)" : $"{accessKey} is one of its API keys ({key.Name ?? key.Id}, {key.State})";
        return Judgement.Pass($"access control is off: Rancher answers requests without a key, so any key works (Admin > Access Control turns it on); {listed}");
    }
}
