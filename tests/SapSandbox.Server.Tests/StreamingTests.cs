using System.Net;
using System.Text.Json;

namespace SapSandbox.Server.Tests;

/// <summary>A sandbox serving READINGS, a set of 200,000 generated rows.</summary>
public sealed class LargeSandboxServer : SandboxServer
{
    protected override string? ServicesFolder => Path.Combine(AppContext.BaseDirectory, "Services", "Large");
}

/// <summary>The heap is measured for the whole process, so these tests run alone, after the parallel ones.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class StreamingCollection : ICollectionFixture<LargeSandboxServer>
{
    public const string Name = "streaming";
}

[Collection(StreamingCollection.Name)]
public class StreamingTests(LargeSandboxServer server)
{
    const string Readings = "/odata/v4/READINGS/Readings";
    const long HeapBound = 8L * 1024 * 1024;

    /// <summary>Samples the live managed heap (after a full collection) while <paramref name="work"/> runs; returns the peak growth.</summary>
    static async Task<long> PeakHeapGrowth(Func<Task> work)
    {
        var baseline = GC.GetTotalMemory(forceFullCollection: true);
        long peak = 0;
        using var stop = new CancellationTokenSource();
        var sampler = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                peak = Math.Max(peak, GC.GetTotalMemory(forceFullCollection: true) - baseline);
                try { await Task.Delay(25, stop.Token); } catch (OperationCanceledException) { }
            }
        });
        await work();
        stop.Cancel();
        await sampler;
        return peak;
    }

    [Fact]
    public async Task Reading_200000_rows_in_one_response_streams_in_bounded_memory()
    {
        long bytes = 0;
        var growth = await PeakHeapGrowth(async () =>
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, Readings + "?$top=200000");
            request.Headers.TryAddWithoutValidation("Prefer", "odata.maxpagesize=200000");
            using var response = await server.Client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            await using var stream = await response.Content.ReadAsStreamAsync();
            var buffer = new byte[64 * 1024];
            int read;
            while ((read = await stream.ReadAsync(buffer)) > 0) bytes += read;
        });

        Assert.True(bytes > 20L * 1024 * 1024, $"the response had only {bytes} bytes");
        Assert.True(growth < HeapBound, $"the managed heap grew by {growth / 1024 / 1024} MB while {bytes / 1024 / 1024} MB were streamed");
    }

    [Fact]
    public async Task Reading_200000_rows_page_by_page_returns_each_row_once_in_bounded_memory()
    {
        var rows = 0;
        var lastId = 0;
        var ordered = true;
        var growth = await PeakHeapGrowth(async () =>
        {
            string? next = Readings + "?$select=Id";
            while (next != null)
            {
                using var response = await server.Client.GetAsync(next);
                await using var stream = await response.Content.ReadAsStreamAsync();
                using var page = await JsonDocument.ParseAsync(stream);
                foreach (var row in page.RootElement.GetProperty("value").EnumerateArray())
                {
                    var id = row.GetProperty("Id").GetInt32();
                    ordered &= id == lastId + 1;
                    lastId = id;
                    rows++;
                }
                next = page.RootElement.TryGetProperty("@odata.nextLink", out var link) ? link.GetString() : null;
            }
        });

        Assert.Equal(200_000, rows);
        Assert.True(ordered, "rows were skipped or repeated between pages");
        Assert.True(growth < HeapBound, $"the managed heap grew by {growth / 1024 / 1024} MB");
    }

    [Fact]
    public async Task A_late_page_is_found_by_key_not_by_skipping_rows()
    {
        var (_, first) = await server.GetJson(Readings + "?$select=Id&$filter=Id gt 198000");
        var next = first.GetProperty("@odata.nextLink").GetString()!;

        var (response, late) = await server.GetJson(next);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(199001, late.GetProperty("value")[0].GetProperty("Id").GetInt32());
    }
}
