using System.Globalization;
using Microsoft.OData.Edm;
using System.Text;
using SapSandbox.Core.Store;

namespace SapSandbox.Core.Data;

/// <summary>
/// Generates the same demo data for a service on every run: root sets get sequential, zero-padded
/// numbers; child sets (an order's items) get several rows under every parent, numbered within it;
/// to-one references point at rows that exist; every value respects its column's facets.
/// </summary>
public sealed class DemoDataGenerator(ServiceSchema schema, DataSizes sizes)
{
    static readonly DateTime Epoch = new(2023, 1, 1, 0, 0, 0, DateTimeKind.Utc);
    const int MaxRowsPerChildSet = 20_000;

    readonly Dictionary<EntityTableMap, List<object?[]>> _rows = [];

    /// <summary>Tables in the order they must be filled (parents and referenced sets first), each with its rows.</summary>
    public IEnumerable<(EntityTableMap Table, IReadOnlyList<object?[]> Rows)> Generate(IReadOnlyDictionary<EntityTableMap, IReadOnlyList<object?[]>> provided)
    {
        foreach (var table in FillOrder())
        {
            List<object?[]> rows;
            if (provided.TryGetValue(table, out var given)) rows = [.. given];
            else rows = GenerateTable(table);
            _rows[table] = rows;
            yield return (table, rows);
        }
    }

    /// <summary>
    /// The navigation a set's rows hang under: the one that fixes most of its key (schedule lines under
    /// items, not under orders), and among equals the one whose family has the most rows.
    /// </summary>
    NavigationJoin? ParentJoin(EntityTableMap table) =>
        schema.Tables.Where(t => t != table)
            .SelectMany(t => t.Navigations.Values)
            .Where(j => j.Target == table && j.TargetIsChild)
            .OrderByDescending(j => j.TargetColumns.Count)
            .ThenByDescending(j => j.IsCollection)
            .ThenByDescending(j => RootRows(j.Source, []))
            .FirstOrDefault();

    int RootRows(EntityTableMap table, HashSet<EntityTableMap> seen)
    {
        if (!seen.Add(table)) return 0;
        var parent = schema.Tables.Where(t => t != table).SelectMany(t => t.Navigations.Values)
            .FirstOrDefault(j => j.Target == table && j.TargetIsChild);
        return parent == null ? sizes.RowsFor(table.Name) : RootRows(parent.Source, seen);
    }

    IEnumerable<NavigationJoin> Lookups(EntityTableMap table) =>
        table.Navigations.Values.Where(j => !j.IsCollection && j.Target != table && !j.SourceColumns.All(c => c.IsKey));

    List<EntityTableMap> FillOrder()
    {
        var order = new List<EntityTableMap>();
        var visited = new HashSet<EntityTableMap>();
        foreach (var table in schema.Tables) Visit(table);
        return order;

        // Depth first: a set's parent and the sets it refers to come before it. In a cycle the set
        // reached first is filled first, and references back into it are left to the generator's defaults.
        void Visit(EntityTableMap table)
        {
            if (!visited.Add(table)) return;
            if (ParentJoin(table) is { } parent) Visit(parent.Source);
            foreach (var lookup in Lookups(table)) Visit(lookup.Target);
            order.Add(table);
        }
    }

    List<object?[]> GenerateTable(EntityTableMap table)
    {
        var random = new Random(StableHash(schema.ServiceName + "/" + table.Name));
        var rows = new List<object?[]>();
        var parentJoin = ParentJoin(table);
        if (parentJoin != null && _rows.TryGetValue(parentJoin.Source, out var parents) && parents.Count > 0)
        {
            var perParent = Math.Max(1, Math.Min(4, MaxRowsPerChildSet / parents.Count));
            foreach (var parent in parents)
            {
                // A to-one child (an item's variant configuration) exists once; to-many children several times.
                var count = perParent == 1 || !parentJoin.IsCollection ? 1 : random.Next(2, perParent + 1);
                for (var i = 0; i < count; i++)
                {
                    var row = NewRow(table, random, rows.Count);
                    for (var c = 0; c < parentJoin.TargetColumns.Count; c++)
                        row[parentJoin.TargetColumns[c].Ordinal] = parent[parentJoin.SourceColumns[c].Ordinal];
                    FillOwnKeys(table, row, i, rows.Count, skip: parentJoin.TargetColumns);
                    rows.Add(row);
                }
            }
        }
        else
        {
            var count = Math.Min(sizes.RowsFor(table.Name), KeyCapacity(table));
            for (var i = 0; i < count; i++)
            {
                var row = NewRow(table, random, i);
                FillOwnKeys(table, row, i, i, skip: []);
                rows.Add(row);
            }
        }
        foreach (var lookup in Lookups(table))
        {
            if (!_rows.TryGetValue(lookup.Target, out var targets) || targets.Count == 0) continue;
            foreach (var row in rows)
            {
                var target = targets[random.Next(targets.Count)];
                for (var c = 0; c < lookup.SourceColumns.Count; c++)
                    if (!lookup.SourceColumns[c].IsKey) row[lookup.SourceColumns[c].Ordinal] = target[lookup.TargetColumns[c].Ordinal];
            }
        }
        return rows;
    }

    object?[] NewRow(EntityTableMap table, Random random, int index)
    {
        var context = new RowContext(random, index);
        var row = new object?[table.Columns.Count];
        foreach (var column in table.Columns)
            if (!column.IsKey) row[column.Ordinal] = ValueFor(column, context);
        return row;
    }

    /// <summary>
    /// Key parts not taken from the parent count up: item numbers (10, 20, 30) within their parent,
    /// other identifiers (an AddressID) across the whole set, as SAP's number ranges do.
    /// </summary>
    static void FillOwnKeys(EntityTableMap table, object?[] row, int withinParent, int withinSet, IReadOnlyList<ColumnMap> skip)
    {
        var own = table.StoredKey.Where(k => !skip.Contains(k)).ToList();
        // One key part varies, the others stay constant so the composite is unique: the first part that looks like
        // an identifier (a configuration's object key, not its object type), else the last.
        var varying = own.FindIndex(c => c.Kind is ValueKind.Guid or ValueKind.Int32 or ValueKind.Int64
            || (c.Kind == ValueKind.String && (c.MaxLength ?? 10) >= 8));
        if (varying < 0) varying = own.Count - 1;
        for (var k = 0; k < own.Count; k++)
        {
            var column = own[k];
            var perParent = column.Facts.IsDigitSequence || column.Name.Contains("Item", StringComparison.OrdinalIgnoreCase)
                || column.Kind is not (ValueKind.String or ValueKind.Guid);
            var n = k != varying ? 0 : perParent ? withinParent : withinSet;
            row[column.Ordinal] = KeyValue(column, n, isRoot: skip.Count == 0);
        }
    }

    static object KeyValue(ColumnMap column, int n, bool isRoot)
    {
        switch (column.Kind)
        {
            case ValueKind.String:
                var length = column.MaxLength ?? 10;
                if (column.Facts.IsDigitSequence)
                    return ((n + 1) * (column.Name.Contains("Item", StringComparison.OrdinalIgnoreCase) ? 10 : 1)).ToString(CultureInfo.InvariantCulture);
                var number = isRoot && length >= 8 ? 1000 + n : n + 1;
                var text = number.ToString(CultureInfo.InvariantCulture);
                return text.Length >= length ? text[^length..] : text.PadLeft(length, '0');
            case ValueKind.Int32 or ValueKind.Int64:
                return (long)(n + 1);
            case ValueKind.Guid:
                return DeterministicGuid(column.Name, n).ToString("D");
            case ValueKind.Date:
                return StoredValue.FromDate(DateOnly.FromDateTime(Epoch).AddDays(n));
            case ValueKind.DateTimeOffset:
                return StoredValue.FromDateTimeOffset(new DateTimeOffset(Epoch.AddDays(n)));
            case ValueKind.TimeOfDay:
                return StoredValue.FromTime(new TimeOnly(0, 0).Add(TimeSpan.FromSeconds(n)));
            case ValueKind.Decimal:
                return (n + 1).ToString(CultureInfo.InvariantCulture);
            case ValueKind.Double or ValueKind.Single:
                return (double)(n + 1);
            case ValueKind.Boolean:
                return (long)(n % 2);
            case ValueKind.Enum:
                var members = column.EnumType!.Members.ToList();
                return members[n % members.Count].Value.Value;
            default:
                return (n + 1).ToString(CultureInfo.InvariantCulture);
        }
    }

    /// <summary>How many distinct keys a set can hold: a two-character code gives 99, not 1,500.</summary>
    static int KeyCapacity(EntityTableMap table)
    {
        if (table.StoredKey.Count != 1) return int.MaxValue;
        var key = table.StoredKey[0];
        if (key.Kind == ValueKind.Boolean) return 2;
        if (key.Kind == ValueKind.Enum) return key.EnumType!.Members.Count();
        if (key.Kind == ValueKind.Int32 && key.Type.FullName() is "Edm.Byte" or "Edm.SByte") return 127;
        if (key.Kind != ValueKind.String || key.MaxLength is not { } length || length >= 9) return int.MaxValue;
        return (int)Math.Pow(10, length) - 1;
    }

    sealed class RowContext(Random random, int index)
    {
        public Random Random { get; } = random;
        public int Index { get; } = index;
        public DemoVocabulary.City City { get; } = DemoVocabulary.Cities[random.Next(DemoVocabulary.Cities.Length)];
        public string FirstName { get; } = DemoVocabulary.FirstNames[random.Next(DemoVocabulary.FirstNames.Length)];
        public string LastName { get; } = DemoVocabulary.LastNames[random.Next(DemoVocabulary.LastNames.Length)];
        public string Company { get; } = DemoVocabulary.CompanyStems[random.Next(DemoVocabulary.CompanyStems.Length)]
            + " " + DemoVocabulary.CompanySuffixes[random.Next(DemoVocabulary.CompanySuffixes.Length)];
        public DateTime Created { get; } = Epoch.AddMinutes(random.Next(0, 60 * 24 * 1400));
    }

    static object? ValueFor(ColumnMap column, RowContext row)
    {
        var random = row.Random;
        switch (column.Kind)
        {
            case ValueKind.String:
                return Fit(TextFor(column, row), column);
            case ValueKind.Boolean:
                return random.Next(4) == 0 ? 1L : 0L;
            case ValueKind.Int32:
                var max = column.Type.FullName() switch { "Edm.Byte" => 255, "Edm.SByte" => 127, "Edm.Int16" => 999, _ => 9999 };
                return (long)random.Next(0, max + 1);
            case ValueKind.Int64:
                return random.NextInt64(0, 10_000_000);
            case ValueKind.Decimal:
                return DecimalFor(column, random);
            case ValueKind.Double or ValueKind.Single:
                return Math.Round(random.NextDouble() * 1000, 2);
            case ValueKind.DateTimeOffset:
                var moment = IsChangeStamp(column) ? row.Created.AddDays(random.Next(0, 60)).AddSeconds(random.Next(86_400)) : row.Created;
                return StoredValue.FromDateTimeOffset(new DateTimeOffset(Truncate(moment.AddTicks(random.Next(10_000_000)), column.Precision ?? 0)));
            case ValueKind.Date:
                if (column.Name.Contains("ValidityEnd", StringComparison.OrdinalIgnoreCase)) return "9999-12-31";
                return StoredValue.FromDate(DateOnly.FromDateTime(row.Created.AddDays(column.Name.Contains("Delivery", StringComparison.OrdinalIgnoreCase) ? 14 : 0)));
            case ValueKind.TimeOfDay:
                return StoredValue.FromTime(new TimeOnly(random.Next(7, 19), random.Next(60), random.Next(60)));
            case ValueKind.Duration:
                return TimeSpan.FromHours(random.Next(1, 72)).Ticks;
            case ValueKind.Guid:
                return DeterministicGuid(column.Name + row.Index, random.Next()).ToString("D");
            case ValueKind.Binary:
                var bytes = new byte[8];
                random.NextBytes(bytes);
                return bytes;
            case ValueKind.Enum:
                var members = column.EnumType!.Members.ToList();
                return members[random.Next(members.Count)].Value.Value;
            case ValueKind.Json:
                return "[]";
            default:
                return null;
        }
    }

    static bool IsChangeStamp(ColumnMap column) =>
        column.Facts.Concurrency || column.Name.Contains("Change", StringComparison.OrdinalIgnoreCase);

    static DateTime Truncate(DateTime value, int precision)
    {
        var unit = (long)Math.Pow(10, 7 - Math.Clamp(precision, 0, 7));
        return new DateTime(value.Ticks - value.Ticks % unit, DateTimeKind.Utc);
    }

    static string DecimalFor(ColumnMap column, Random random)
    {
        var scale = column.Scale ?? 2;
        var precision = column.Precision ?? 15;
        var integerDigits = Math.Max(1, precision - scale);
        var ceiling = Math.Min(Math.Pow(10, Math.Min(integerDigits, 6)) - 1, IsAmount(column.Name) ? 5000 : 100);
        var value = Math.Round((decimal)(random.NextDouble() * ceiling), Math.Min(scale, 10));
        return value.ToString("F" + Math.Min(scale, 10), CultureInfo.InvariantCulture);
    }

    static bool IsAmount(string name) =>
        name.Contains("Amount", StringComparison.OrdinalIgnoreCase) || name.Contains("Price", StringComparison.OrdinalIgnoreCase)
        || name.Contains("Value", StringComparison.OrdinalIgnoreCase);

    static string TextFor(ColumnMap column, RowContext row)
    {
        var name = column.Name;
        var random = row.Random;
        bool Has(string part) => name.Contains(part, StringComparison.OrdinalIgnoreCase);
        var length = column.MaxLength ?? 40;

        if (Has("Email")) return $"{Ascii(row.FirstName)}.{Ascii(row.LastName)}@example.com".ToLowerInvariant();
        if (Has("Phone") || Has("Fax")) return $"{row.City.PhonePrefix} {random.Next(100000, 9999999)}";
        if (Has("Website") || Has("URL") || Has("Uri")) return $"https://www.{Ascii(row.Company.Split(' ')[0]).ToLowerInvariant()}.example";
        if (Has("FirstName")) return row.FirstName;
        if (Has("LastName") || Has("FamilyName")) return row.LastName;
        if (Has("OrganizationBPName") || Has("Company") || Has("SupplierName") || Has("CustomerName")) return row.Company;
        if (Has("FullName") || (Has("Name") && !Has("System") && !Has("User") && !Has("Street") && !Has("City") && length >= 20))
            return row.Index % 3 == 0 ? row.Company : $"{row.FirstName} {row.LastName}";
        if (Has("CityName") || Has("City")) return row.City.Name;
        if (Has("PostalCode")) return row.City.PostalCode;
        if (Has("StreetName") || Has("Street")) return row.City.Street;
        if (Has("HouseNumber")) return random.Next(1, 200).ToString(CultureInfo.InvariantCulture);
        if (Has("Country")) return row.City.Country;
        if (Has("Region")) return row.City.Region;
        if (Has("Currency")) return row.City.Currency;
        if (Has("Language")) return length >= 2 ? row.City.Language : row.City.Language[..1];
        if (Has("Unit") || Has("UoM")) return DemoVocabulary.Units[random.Next(DemoVocabulary.Units.Length)];
        if (Has("Material") || Has("Product")) return DemoVocabulary.Materials[random.Next(DemoVocabulary.Materials.Length)];
        if (Has("SalesOrganization") || Has("PurchasingOrganization") || Has("CompanyCode") || Has("Plant")) return random.Next(2) == 0 ? "1010" : "1710";
        if (Has("DistributionChannel")) return "10";
        if (Has("Division")) return "00";
        if (Has("User") || Has("CreatedBy") || Has("ChangedBy")) return "CB" + random.Next(100_000_000, 999_999_999).ToString(CultureInfo.InvariantCulture);
        if (Has("Text") || Has("Description") || Has("Note") || Has("Remark"))
            return string.Join(' ', Enumerable.Range(0, 4).Select(_ => DemoVocabulary.Words[random.Next(DemoVocabulary.Words.Length)]));
        if (column.Facts.IsDigitSequence) return random.Next(0, (int)Math.Min(int.MaxValue, Math.Pow(10, Math.Min(length, 9)))).ToString(CultureInfo.InvariantCulture);
        if (length <= 4) return Code(random, length);
        return Code(random, 2) + random.Next(1000, 99999).ToString(CultureInfo.InvariantCulture);
    }

    static string Code(Random random, int length)
    {
        Span<char> chars = stackalloc char[length];
        for (var i = 0; i < length; i++) chars[i] = (char)('A' + random.Next(26));
        return new string(chars);
    }

    static string Fit(string value, ColumnMap column) =>
        column.MaxLength is { } max && value.Length > max ? value[..max] : value;

    static string Ascii(string value)
    {
        var normalized = value.Normalize(NormalizationForm.FormD);
        var builder = new StringBuilder();
        foreach (var c in normalized)
            if (c < 128 && char.IsLetter(c)) builder.Append(c);
        return builder.ToString();
    }

    static Guid DeterministicGuid(string name, int n)
    {
        var bytes = new byte[16];
        new Random(StableHash(name) ^ n).NextBytes(bytes);
        bytes[7] = (byte)((bytes[7] & 0x0F) | 0x40);
        return new Guid(bytes);
    }

    /// <summary>string.GetHashCode is randomised per process; data must be the same on every run.</summary>
    static int StableHash(string text)
    {
        unchecked
        {
            var hash = (int)2166136261;
            foreach (var c in text) hash = (hash ^ c) * 16777619;
            return hash;
        }
    }
}
