using System.CommandLine;
using Reimburse.Incidents;

namespace Reimburse.Functions.Cli;

/// <summary>`reimburse incident set FILE` (JSON or YAML) and `reimburse incident show ID`.</summary>
public static class IncidentCommand
{
    public static Command Create()
    {
        var file = new Argument<FileInfo>("FILE") { Description = "The incident definition (.json, .yaml or .yml)." };
        var set = new Command("set", "Create or replace an incident from a JSON or YAML file; every problem is listed.") { file };
        set.SetAction((parseResult, cancellationToken) => CustomerCommandServices.RunAsync(async services =>
        {
            var path = parseResult.GetValue(file)!;
            if (!path.Exists)
            {
                await Console.Error.WriteLineAsync($"{path.FullName}: no such file.").ConfigureAwait(false);
                return 1;
            }
            Incident incident;
            try
            {
                incident = IncidentDocument.Parse(await File.ReadAllTextAsync(path.FullName, cancellationToken).ConfigureAwait(false), IncidentDocument.FormatOf(path.Name),
                    services.GetRequiredService<Microsoft.Extensions.Options.IOptions<Customers.IncidentDefaultsOptions>>().Value.ToPolicy());
            }
            catch (IncidentDefinitionException ex)
            {
                await Console.Error.WriteLineAsync($"{path.Name} is not a valid incident definition:").ConfigureAwait(false);
                foreach (var error in ex.Errors)
                {
                    await Console.Error.WriteLineAsync("  " + error).ConfigureAwait(false);
                }
                return 1;
            }
            var created = await services.GetRequiredService<IIncidentStore>().SaveAsync(incident, cancellationToken).ConfigureAwait(false);
            Console.WriteLine($"{(created ? "Created" : "Updated")} incident {incident.Id}: {incident.Name}, claims {IncidentDocument.Iso(incident.ClaimsOpenOn)} – {IncidentDocument.Iso(incident.ClaimsCloseOn)}.");
            return 0;
        }, cancellationToken));

        var id = new Argument<string>("ID") { Description = "The incident id." };
        var show = new Command("show", "Print an incident's definition as JSON.") { id };
        show.SetAction((parseResult, cancellationToken) => CustomerCommandServices.RunAsync(async services =>
        {
            var incident = await services.GetRequiredService<IIncidentStore>().GetAsync(parseResult.GetValue(id)!, cancellationToken).ConfigureAwait(false);
            if (incident is null)
            {
                await Console.Error.WriteLineAsync($"There is no incident \"{parseResult.GetValue(id)}\".").ConfigureAwait(false);
                return 1;
            }
            Console.WriteLine(IncidentDocument.ToJson(incident));
            return 0;
        }, cancellationToken));

        return new Command("incident", "Define incidents: dates, claim window and validation policy.") { set, show };
    }
}
