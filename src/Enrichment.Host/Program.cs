using Enrichment.Host.Composition;

var builder = WebApplication.CreateBuilder(args);
// The contract's port when nothing else is said (ASPNETCORE_URLS, --urls or launch settings win).
builder.WebHost.UseSetting(WebHostDefaults.ServerUrlsKey, builder.Configuration[WebHostDefaults.ServerUrlsKey] ?? "http://localhost:8080");
var roles = builder.AddEnrichment();

var app = builder.Build();
app.MapEnrichment(roles);
app.Logger.LogInformation("Enrichment host running roles {Roles}", roles);
app.Run();

/// <summary>Visible to the integration tests' WebApplicationFactory.</summary>
public partial class Program;
