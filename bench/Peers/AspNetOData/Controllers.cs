using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.OData.Query;
using Microsoft.AspNetCore.OData.Results;
using Microsoft.AspNetCore.OData.Routing.Controllers;
using Microsoft.EntityFrameworkCore;

namespace AspNetODataPeer;

/// <summary>The business partners: query options by [EnableQuery] over EF Core, creates (deep, with addresses) through EF.</summary>
public sealed class A_BusinessPartnerController(PartnerContext db) : ODataController
{
    [EnableQuery(MaxTop = 1000, MaxExpansionDepth = 2)]
    public IQueryable<A_BusinessPartnerType> Get() => db.Partners.AsNoTracking();

    [EnableQuery]
    public SingleResult<A_BusinessPartnerType> Get([FromRoute] string key) =>
        SingleResult.Create(db.Partners.AsNoTracking().Where(p => p.BusinessPartner == key));

    public async Task<IActionResult> Post([FromBody] A_BusinessPartnerType partner)
    {
        if (!ModelState.IsValid) return BadRequest(ModelState);
        db.Partners.Add(partner);
        await db.SaveChangesAsync();
        return Created(partner);
    }
}

public sealed class A_BusinessPartnerAddressController(PartnerContext db) : ODataController
{
    [EnableQuery(MaxTop = 1000)]
    public IQueryable<A_BusinessPartnerAddressType> Get() => db.Addresses.AsNoTracking();

    public async Task<IActionResult> Post([FromBody] A_BusinessPartnerAddressType address)
    {
        if (!ModelState.IsValid) return BadRequest(ModelState);
        db.Addresses.Add(address);
        await db.SaveChangesAsync();
        return Created(address);
    }
}
