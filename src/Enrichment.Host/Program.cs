using Enrichment.Host.Composition;
using Enrichment.Host.Operations;

// An operator's command rather than a service: move an error queue's messages back once the cause is fixed.
if (args is [RedriveCommand.Name, .. var redrive])
{
    return await RedriveCommand.RunAsync(redrive, Console.Out, Console.Error);
}

var builder = WebApplication.CreateBuilder(args);
// The contract's port when nothing else is said (ASPNETCORE_URLS, --urls or launch settings win).
builder.WebHost.UseSetting(WebHostDefaults.ServerUrlsKey, builder.Configuration[WebHostDefaults.ServerUrlsKey] ?? "http://localhost:8080");
var roles = builder.AddEnrichment();

var app = builder.Build();
app.MapEnrichment(roles);
app.Logger.LogInformation("Enrichment host running roles {Roles}", roles);
app.Run();
return 0;

/// <summary>Visible to the integration tests' WebApplicationFactory.</summary>
public partial class Program;
