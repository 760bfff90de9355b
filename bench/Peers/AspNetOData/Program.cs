// The ASP.NET Core OData peer for bench/peers.sh: API_BUSINESS_PARTNER's A_BusinessPartner and
// A_BusinessPartnerAddress (every property, classes generated from the EDMX into Model.g.cs) served as OData V4
// by ASP.NET Core OData 9 over EF Core SQLite, the way the library's documentation sets it up: convention model,
// ODataController with [EnableQuery] over IQueryable, DefaultODataBatchHandler for $batch. Reads do not track.
//
//   dotnet AspNetODataPeer.dll --init --db FILE                 creates the tables (EF Core EnsureCreated) and exits
//   dotnet AspNetODataPeer.dll --urls http://127.0.0.1:5184 --db FILE
//
// Served at /odata/v4/BENCH_BP/. Requests must carry the benchmark's Basic credentials (sandbox:sandbox), checked
// by a string comparison as in bench/LimitServer, so that no peer skips the authentication step entirely.
using AspNetODataPeer;
using Microsoft.AspNetCore.OData;
using Microsoft.AspNetCore.OData.Batch;
using Microsoft.EntityFrameworkCore;
using Microsoft.OData.Edm;
using Microsoft.OData.ModelBuilder;

var db = Arg("--db") ?? throw new ArgumentException("--db FILE is required");
var connectionString = $"Data Source={Path.GetFullPath(db)}";
if (args.Contains("--init"))
{
    using var context = new PartnerContext(new DbContextOptionsBuilder<PartnerContext>().UseSqlite(connectionString).Options);
    context.Database.EnsureDeleted();
    context.Database.EnsureCreated();
    return;
}

var builder = WebApplication.CreateBuilder(args);
builder.Logging.ClearProviders();
builder.WebHost.UseUrls(Arg("--urls") ?? "http://127.0.0.1:5184");
builder.Services.AddDbContextPool<PartnerContext>(o => o.UseSqlite(connectionString));
var batchHandler = new DefaultODataBatchHandler();
batchHandler.MessageQuotas.MaxOperationsPerChangeset = 1000;
batchHandler.MessageQuotas.MaxPartsPerBatch = 1000;
batchHandler.MessageQuotas.MaxReceivedMessageSize = 64 * 1024 * 1024;
builder.Services.AddControllers().AddOData(options => options
    .Select().Filter().OrderBy().Expand().Count().SetMaxTop(1000)
    .AddRouteComponents("odata/v4/BENCH_BP", EdmModel(), batchHandler));

var app = builder.Build();
const string Authorization = "Basic c2FuZGJveDpzYW5kYm94"; // sandbox:sandbox
app.Use(async (context, next) =>
{
    if (context.Request.Headers.Authorization.ToString() != Authorization)
    {
        context.Response.StatusCode = 401;
        return;
    }
    await next();
});
app.UseODataBatching();
app.UseRouting();
app.MapControllers();
app.Lifetime.ApplicationStarted.Register(() => Console.WriteLine($"AspNetODataPeer listening, store {db}"));
app.Run();
return;

static IEdmModel EdmModel()
{
    var model = new ODataConventionModelBuilder { Namespace = "API_BUSINESS_PARTNER", ContainerName = "EntityContainer" };
    model.EntitySet<A_BusinessPartnerType>("A_BusinessPartner").EntityType.HasKey(p => p.BusinessPartner);
    model.EntitySet<A_BusinessPartnerAddressType>("A_BusinessPartnerAddress").EntityType.HasKey(a => new { a.BusinessPartner, a.AddressID });
    return model.GetEdmModel();
}

string? Arg(string name)
{
    var i = Array.IndexOf(args, name);
    return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
}

namespace AspNetODataPeer
{
    public sealed class PartnerContext(DbContextOptions<PartnerContext> options) : DbContext(options)
    {
        public DbSet<A_BusinessPartnerType> Partners => Set<A_BusinessPartnerType>();
        public DbSet<A_BusinessPartnerAddressType> Addresses => Set<A_BusinessPartnerAddressType>();

        protected override void OnModelCreating(ModelBuilder model)
        {
            model.Entity<A_BusinessPartnerType>().ToTable("A_BusinessPartner").HasKey(p => p.BusinessPartner);
            model.Entity<A_BusinessPartnerAddressType>().ToTable("A_BusinessPartnerAddress").HasKey(a => new { a.BusinessPartner, a.AddressID });
            model.Entity<A_BusinessPartnerType>().HasMany(p => p.to_BusinessPartnerAddress).WithOne().HasForeignKey(a => a.BusinessPartner);
        }
    }
}
