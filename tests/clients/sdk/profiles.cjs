// What the client checks need to know of each service: which generated API is the document and which its items,
// the navigation between them, a filter, order and selection for the list read, and what to create and change.
// The list read filters on `filter` for the value the first document has, so the checks hold for any demo data.
// Entity data is given as the generated entities name and type it (camelCase, Edm.Decimal as BigNumber), for
// entityBuilder().fromJson().
const { BigNumber } = require("bignumber.js");

const salesOrderV2 = {
    service: "apiSalesOrderSrv",
    header: "salesOrderApi",
    item: "salesOrderItemApi",
    link: "TO_ITEM",
    itemsProperty: "toItem",
    keys: ["salesOrder"],
    itemKeys: ["salesOrder", "salesOrderItem"],
    filter: "SALES_ORGANIZATION",
    orderBy: "SALES_ORDER",
    select: ["SALES_ORDER", "SALES_ORDER_TYPE", "SOLD_TO_PARTY"],
    itemSelect: ["SALES_ORDER", "SALES_ORDER_ITEM", "MATERIAL"],
    newHeader: () => ({ salesOrderType: "OR", salesOrganization: "1010", distributionChannel: "10", organizationDivision: "00", soldToParty: "1000001" }),
    newItem: n => ({ material: "TG21", requestedQuantity: new BigNumber(n), requestedQuantityUnit: "EA" }),
    change: { property: "purchaseOrderByCustomer", field: "PURCHASE_ORDER_BY_CUSTOMER", values: ["PO-SDK-1", "PO-SDK-2"] },
    // The key of a document that does not exist, for the changeset that must fail.
    missingKey: { salesOrder: "9999999999" },
};

const salesOrderV4 = {
    service: "ceSalesorder0001",
    header: "salesOrderApi",
    item: "salesOrderItemApi",
    link: "ITEM",
    itemsProperty: "item",
    keys: ["salesOrder"],
    itemKeys: ["salesOrder", "salesOrderItem"],
    filter: "SALES_ORGANIZATION",
    orderBy: "SALES_ORDER",
    select: ["SALES_ORDER", "SALES_ORDER_TYPE", "SOLD_TO_PARTY"],
    itemSelect: ["SALES_ORDER", "SALES_ORDER_ITEM", "PRODUCT"],
    newHeader: () => ({ salesOrderType: "OR", salesOrganization: "1010", distributionChannel: "10", organizationDivision: "00", soldToParty: "1000001" }),
    newItem: n => ({ product: "TG21", requestedQuantity: new BigNumber(n) }),
    change: { property: "purchaseOrderByCustomer", field: "PURCHASE_ORDER_BY_CUSTOMER", values: ["PO-SDK-1", "PO-SDK-2"] },
    missingKey: { salesOrder: "9999999999" },
    // S/4HANA Cloud deletes no sales order through this API (DeleteRestrictions), only items.
    deletes: "item",
};

/** The service a developer brings in the services folder (tests/SapSandbox.Server.Tests/Services/Clients/SHOP_SRV.edmx). */
const shop = {
    header: "ordersApi",
    item: "orderItemsApi",
    link: "ITEMS",
    itemsProperty: "items",
    keys: ["id"],
    itemKeys: ["id"],
    filter: "CURRENCY",
    orderBy: "ID",
    select: ["ID", "CUSTOMER", "AMOUNT"],
    itemSelect: ["ID", "ORDER_ID", "PRODUCT"],
    newHeader: () => ({ customer: "Kestrel Motors", amount: new BigNumber("120.50"), currency: "EUR" }),
    newItem: n => ({ product: "TG21", quantity: n }),
    change: { property: "customer", field: "CUSTOMER", values: ["Heron Foods", "Osprey Tools"] },
    missingKey: { id: 999999 },
};

module.exports = {
    "v2/API_SALES_ORDER_SRV": salesOrderV2,
    "v4/CE_SALESORDER_0001": salesOrderV4,
    "v4/SHOP_SRV": { ...shop, service: "shopSrv" },
    // Generated from the V2 metadata the sandbox derives from the same file (in/SHOP_SRV_V2.edmx).
    "v2/SHOP_SRV": { ...shop, service: "shopSrvV2" },
};
