using System.Text.Json;
using SapSandbox.Core.Data;
using SapSandbox.Core.Model;
using SapSandbox.Core.Runtime;
using SapSandbox.Core.Store;

namespace SapSandbox.Services.Edmx;

/// <summary>
/// Services a user brings: every <c>*.edmx</c> or <c>*.xml</c> metadata file in a folder is served as
/// the service named after the file. A folder of the same name may hold data files
/// (<c>EntitySet.json</c>/<c>.csv</c>) and <c>settings.json</c> (<c>path</c>, <c>pageSize</c>, <c>rows</c>, <c>csrfProtection</c>); a folder
/// named after a bundled service does the same for it.
/// </summary>
public static class FolderServices
{
    /// <param name="Path">The service's own mount path, served in the protocol of its metadata (instead of Gateway's
    /// <c>/sap/opu/odata/sap/NAME/</c> for a V2 service; beside <c>/odata/v4/NAME/</c> for a V4 one).</param>
    public sealed record Settings(int? PageSize, Dictionary<string, int>? Rows, bool? CsrfProtection = null, string? Path = null);

    /// <summary>Loads what loads; each file that does not is reported with its file, line and reason.</summary>
    public static IEnumerable<ServiceDefinition> Load(string folder, SqlDialect dialect, int pageSize, Action<MetadataException> rejected)
    {
        foreach (var file in MetadataFiles(folder))
        {
            ServiceDefinition service;
            try
            {
                service = Define(file, dialect, pageSize);
            }
            catch (MetadataException e)
            {
                rejected(e);
                continue;
            }
            yield return service;
        }
    }

    /// <summary>The metadata files a services folder serves, in the order they are mounted.</summary>
    public static IReadOnlyList<string> MetadataFiles(string folder)
    {
        if (!Directory.Exists(folder))
            throw new DirectoryNotFoundException($"The services folder '{folder}' does not exist");
        return Directory.EnumerateFiles(folder)
            .Where(f => f.EndsWith(".edmx", StringComparison.OrdinalIgnoreCase) || f.EndsWith(".xml", StringComparison.OrdinalIgnoreCase))
            .Order(StringComparer.Ordinal).ToList();
    }

    /// <summary>The service the metadata file <paramref name="file"/> in a services folder is served as.</summary>
    /// <exception cref="MetadataException">The file cannot be served.</exception>
    public static ServiceDefinition Define(string file, SqlDialect dialect, int pageSize) =>
        Define(Path.GetFileNameWithoutExtension(file), MetadataDocument.Load(file), Path.GetDirectoryName(file)!, dialect, pageSize);

    /// <summary>The service a metadata file named <paramref name="name"/> in <paramref name="folder"/> is served as.</summary>
    public static ServiceDefinition Define(string name, MetadataDocument metadata, string folder, SqlDialect dialect, int pageSize)
    {
        var dataFolder = Path.Combine(folder, name);
        var settings = ReadSettings(dataFolder);
        var mounts = ServicePaths.For(name, metadata.Origin, settings?.Path);
        return new ServiceDefinition(name, metadata, dialect, mounts.V4, mounts.V2,
            settings?.PageSize ?? pageSize, Sizes(settings, DataSizes.Default), Directory.Exists(dataFolder) ? dataFolder : null)
        {
            CsrfProtection = settings?.CsrfProtection ?? true,
        };
    }

    /// <summary>The row counts a settings file asks for, over the given defaults.</summary>
    public static DataSizes Sizes(Settings? settings, DataSizes defaults)
    {
        if (settings?.Rows is not { } rows) return defaults;
        var perSet = new Dictionary<string, int>(defaults.PerEntitySet);
        foreach (var (set, count) in rows)
            if (set != "default") perSet[set] = count;
        return new DataSizes(rows.GetValueOrDefault("default") is > 0 and var d ? d : defaults.DefaultRows, perSet);
    }

    /// <summary>Reads <c>settings.json</c> of a service folder, if there is one.</summary>
    public static Settings? ReadSettings(string dataFolder)
    {
        var path = Path.Combine(dataFolder, "settings.json");
        if (!File.Exists(path)) return null;
        try
        {
            var settings = JsonSerializer.Deserialize<Settings>(File.ReadAllText(path), new JsonSerializerOptions { PropertyNameCaseInsensitive = true });
            return settings?.Path == null ? settings : settings with { Path = ServicePaths.Normalize(settings.Path) };
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{path}({e.LineNumber + 1}): {e.Message}");
        }
        catch (ArgumentException e)
        {
            throw new InvalidDataException($"{path}: {e.Message}");
        }
    }
}
