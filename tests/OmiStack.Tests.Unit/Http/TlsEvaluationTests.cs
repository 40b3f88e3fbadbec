using OmiStack.Harness.Registry;
using System.Security.Cryptography.X509Certificates;
using FluentAssertions;
using OmiStack.Fixtures.Certificates;

namespace OmiStack.Tests.Unit.Http;

public sealed class TlsEvaluationTests
{
    private const string Host = "omistack-vm123.e-technik.uni-ulm.de";
    private static readonly LabCertificateAuthority Authority = new();
    private static readonly X509Certificate2 Ca = X509Certificate2.CreateFromPem(Authority.CertificatePem);

    [OneTimeTearDown]
    public void DisposeAuthority()
    {
        Ca.Dispose();
        Authority.Dispose();
    }

    [Test]
    public void A_certificate_for_the_host_from_a_trusted_ca_is_valid()
    {
        TlsEvaluation.Problem(Leaf(Authority.Issue(Host)), [], Host, [Ca], DateTimeOffset.UtcNow).Should().BeNull();
    }

    [Test]
    public void A_certificate_for_another_name_names_both_names()
    {
        TlsEvaluation.Problem(Leaf(Authority.Issue("other.example")), [], Host, [Ca], DateTimeOffset.UtcNow)
            .Should().Be($"the certificate is for other.example, not for {Host}");
    }

    [Test]
    public void An_expired_certificate_says_when_it_expired()
    {
        var expired = Leaf(Authority.IssueExpired(Host));

        TlsEvaluation.Problem(expired, [], Host, [Ca], DateTimeOffset.UtcNow)
            .Should().Be($"the certificate expired on {expired.NotAfter.ToUniversalTime():yyyy-MM-dd HH:mm} UTC");
    }

    [Test]
    public void A_certificate_from_a_ca_nobody_trusts_is_not_trusted()
    {
        TlsEvaluation.Problem(Leaf(Authority.Issue(Host)), [], Host, [], DateTimeOffset.UtcNow)
            .Should().StartWith("the certificate (issued by CN=OmiStack Lab CA) is not trusted: ");
    }

    [Test]
    public void A_self_signed_certificate_is_not_trusted_even_with_the_lab_ca()
    {
        TlsEvaluation.Problem(Leaf(Authority.SelfSigned(Host)), [], Host, [Ca], DateTimeOffset.UtcNow)
            .Should().StartWith($"the certificate (issued by CN={Host}) is not trusted: ");
    }

    [Test]
    public void A_name_only_in_the_common_name_is_refused_as_docker_refuses_it()
    {
        TlsEvaluation.Problem(Leaf(Authority.IssueUnusual(Host, subjectAltName: false, "1.3.6.1.5.5.7.3.1")), [], Host, [Ca], DateTimeOffset.UtcNow)
            .Should().StartWith($"the certificate names {Host} only in its Common Name, with no subjectAltName");
    }

    [Test]
    public void A_certificate_for_clients_only_is_refused_as_docker_refuses_it()
    {
        TlsEvaluation.Problem(Leaf(Authority.IssueUnusual(Host, subjectAltName: true, "1.3.6.1.5.5.7.3.2")), [], Host, [Ca], DateTimeOffset.UtcNow)
            .Should().StartWith("the certificate's extended key usage (").And.Contain("does not allow a TLS server (serverAuth)");
    }

    private static X509Certificate2 Leaf(IssuedCertificate issued) => X509Certificate2.CreateFromPem(issued.FullChainPem);
}
