using Reimburse.Incidents;
using Reimburse.Money;

namespace Reimburse.Core.Tests.Incidents;

public sealed class IncidentDocumentTests
{
    private const string Yaml = """
        # Kagoya-like incident
        id: kagoya-2016
        name: カゴヤ・ジャパン 不正アクセス (2016)
        disclosedOn: 2016-03-28
        exposedFrom: 2015-12-01
        exposedTo: 2016-03-10
        claimsOpenOn: 2016-04-01
        claimsCloseOn: 2016-09-30
        policy:
          defaultFeeCap: 1,100
          issuerFeeCaps:
            jcb: 1100
            smbc: 1100
          issuersWaivingFee: [rakuten]
          minConfidence: 0.85
          retentionDays: 365
        """;

    private const string Json = """
        {
          "id": "kagoya-2016",
          "name": "カゴヤ・ジャパン 不正アクセス (2016)",
          "disclosedOn": "2016-03-28",
          "exposedFrom": "2015-12-01",
          "exposedTo": "2016-03-10",
          "claimsOpenOn": "2016-04-01",
          "claimsCloseOn": "2016-09-30",
          "policy": {
            "defaultFeeCap": 1100,
            "issuerFeeCaps": { "jcb": 1100, "smbc": 1100 },
            "issuersWaivingFee": ["rakuten"],
            "minConfidence": 0.85,
            "retentionDays": 365
          }
        }
        """;

    [Fact]
    public void Yaml_and_json_definitions_load_the_same_incident()
    {
        var fromYaml = IncidentDocument.Parse(Yaml, IncidentFormat.Yaml);
        var fromJson = IncidentDocument.Parse(Json, IncidentFormat.Json);

        Assert.Equal("kagoya-2016", fromYaml.Id);
        Assert.Equal(new DateOnly(2016, 3, 28), fromYaml.DisclosedOn);
        Assert.Equal(new Yen(1_100), fromYaml.Policy.CapFor("jcb"));
        Assert.Equal(["rakuten"], fromYaml.Policy.IssuersWaivingFee);
        Assert.Equal(0.85, fromYaml.Policy.MinConfidence);
        Assert.Equal(IncidentDocument.ToJson(fromJson), IncidentDocument.ToJson(fromYaml));
    }

    [Fact]
    public void Omitted_policy_fields_take_the_defaults()
    {
        var incident = IncidentDocument.Parse(Yaml, IncidentFormat.Yaml);

        Assert.Equal(IncidentPolicy.Default.ReviewSlaHours, incident.Policy.ReviewSlaHours);
        Assert.Equal(IncidentPolicy.Default.FourEyesThreshold, incident.Policy.FourEyesThreshold);
        Assert.Equal(365, incident.Policy.RetentionDays);
    }

    [Fact]
    public void Omitted_policy_fields_take_the_deployments_defaults_when_given()
    {
        var defaults = IncidentPolicy.Default with { ReviewSlaHours = 24, FourEyesThreshold = new Yen(550), RetentionDays = 90 };

        var incident = IncidentDocument.Parse(Yaml, IncidentFormat.Yaml, defaults);

        Assert.Equal((24, new Yen(550)), (incident.Policy.ReviewSlaHours, incident.Policy.FourEyesThreshold));
        // A field the document sets wins over the default.
        Assert.Equal(365, incident.Policy.RetentionDays);
    }

    [Fact]
    public void Written_json_reads_back_to_an_equal_definition()
    {
        var incident = IncidentDocument.Parse(Yaml, IncidentFormat.Yaml);

        var again = IncidentDocument.Parse(IncidentDocument.ToJson(incident), IncidentFormat.Json);

        Assert.Equal(IncidentDocument.ToJson(incident), IncidentDocument.ToJson(again));
        Assert.Equal(incident.Policy.IssuerFeeCaps, again.Policy.IssuerFeeCaps);
    }

    [Fact]
    public void Every_problem_is_reported_with_the_path_of_its_field()
    {
        const string bad = """
            id: Kagoya 2016
            name: ""
            disclosedOn: 2016/03/28
            exposedFrom: 2015-12-01
            exposedTo: 2015-11-01
            claimsOpenOn: 2016-04-01
            claimsCloseOn: 2016-09-30
            colour: blue
            policy:
              issuerFeeCaps: { jcbb: 1100, smbc: -5 }
              minConfidence: 1.5
              reviewSlaHours: many
            """;

        var ex = Assert.Throws<IncidentDefinitionException>(() => IncidentDocument.Parse(bad, IncidentFormat.Yaml));

        var paths = ex.Errors.Select(e => e.Path).ToList();
        Assert.Contains("colour", paths);
        Assert.Contains("name", paths);
        Assert.Contains("disclosedOn", paths);
        Assert.Contains("policy.reviewSlaHours", paths);
        Assert.Contains("2016/03/28", ex.Errors.Single(e => e.Path == "disclosedOn").Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Rule_violations_are_reported_after_the_fields_parse()
    {
        var json = Json
            .Replace("\"kagoya-2016\"", "\"Kagoya 2016\"", StringComparison.Ordinal)
            .Replace("\"2016-09-30\"", "\"2016-03-31\"", StringComparison.Ordinal)
            .Replace("\"jcb\": 1100", "\"jcbb\": 1100, \"saison\": -5", StringComparison.Ordinal)
            .Replace("0.85", "1.5", StringComparison.Ordinal);

        var ex = Assert.Throws<IncidentDefinitionException>(() => IncidentDocument.Parse(json, IncidentFormat.Json));

        var paths = ex.Errors.Select(e => e.Path).ToList();
        Assert.Contains("id", paths);
        Assert.Contains("claimsCloseOn", paths);
        Assert.Contains("policy.issuerFeeCaps.jcbb", paths);
        Assert.Contains("policy.issuerFeeCaps.saison", paths);
        Assert.Contains("policy.minConfidence", paths);
        Assert.Contains("known issuers: jcb", ex.Errors.Single(e => e.Path == "policy.issuerFeeCaps.jcbb").Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Exposure_that_ends_before_it_starts_is_rejected()
    {
        var json = Json.Replace("\"exposedTo\": \"2016-03-10\"", "\"exposedTo\": \"2015-11-30\"", StringComparison.Ordinal);

        var ex = Assert.Throws<IncidentDefinitionException>(() => IncidentDocument.Parse(json, IncidentFormat.Json));

        Assert.Equal("exposedTo", Assert.Single(ex.Errors).Path);
    }

    [Fact]
    public void The_reserved_id_cannot_be_used()
    {
        var json = Json.Replace("\"kagoya-2016\"", "\"none\"", StringComparison.Ordinal);

        var ex = Assert.Throws<IncidentDefinitionException>(() => IncidentDocument.Parse(json, IncidentFormat.Json));

        Assert.Contains("reserved", Assert.Single(ex.Errors).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Broken_json_is_reported_with_its_line()
    {
        var ex = Assert.Throws<IncidentDefinitionException>(() => IncidentDocument.Parse("{\n  \"id\": \"a\",\n  \"name\" \"b\"\n}", IncidentFormat.Json));

        Assert.StartsWith("line 3:", Assert.Single(ex.Errors).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Broken_yaml_is_reported_with_its_line()
    {
        var ex = Assert.Throws<IncidentDefinitionException>(() => IncidentDocument.Parse("id: a\nname: b\n  policy: x\n", IncidentFormat.Yaml));

        Assert.StartsWith("line 3:", Assert.Single(ex.Errors).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Yaml_with_an_unclosed_bracket_is_a_definition_error()
    {
        var ex = Assert.Throws<IncidentDefinitionException>(() => IncidentDocument.Parse("id: a\nname: [b\nx: 1", IncidentFormat.Yaml));

        Assert.Contains("not valid YAML", Assert.Single(ex.Errors).Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("incident.yaml", IncidentFormat.Yaml)]
    [InlineData("incident.YML", IncidentFormat.Yaml)]
    [InlineData("incident.json", IncidentFormat.Json)]
    public void The_format_follows_the_file_extension(string file, IncidentFormat expected) =>
        Assert.Equal(expected, IncidentDocument.FormatOf(file));
}
