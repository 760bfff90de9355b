namespace SapSandbox.Services.CloudIntegration.Monitoring;

/// <summary>How a flow is started and what can happen to its messages, which decides the statuses its logs take.</summary>
[Flags]
public enum FlowTraits
{
    None = 0,
    /// <summary>Started by a timer: no sender; a restart after a node failure leaves the first log DISCARDED.</summary>
    Timer = 1,
    /// <summary>Reads from a JMS queue: failed messages go to RETRY, and an operator may cancel them (CANCELLED).</summary>
    Jms = 2,
    /// <summary>Called synchronously: an error goes back to the sender (ESCALATED).</summary>
    Synchronous = 4,
    /// <summary>Aggregates messages: the aggregate stays PROCESSING while it is open.</summary>
    Aggregator = 8,
}

/// <summary>
/// A deployed integration flow whose messages the monitor shows: its artifact, the systems it connects, its adapters
/// and the custom header properties it writes.
/// </summary>
public sealed record MonitoredFlow(
    string Id, string Name, string PackageId, string PackageName,
    string? Sender, string? Receiver, string SenderAdapter, string ReceiverAdapter,
    FlowTraits Traits, int Weight, string LogLevel, string? ApplicationMessageType,
    string[] HeaderProperties, string? HttpPath, string[] Errors);

/// <summary>The flows of the sandbox tenant that process messages; the logs, log files and idempotent entries follow from them.</summary>
public static class MonitoredFlows
{
    public static readonly IReadOnlyList<MonitoredFlow> All =
    [
        new("Replicate_Business_Partner_from_S4HANA_to_Sales_Cloud", "Replicate Business Partner from SAP S/4HANA to SAP Sales Cloud",
            "SAPS4HANAIntegrationwithSAPSalesCloud", "SAP S/4HANA Integration with SAP Sales Cloud",
            "S4H_100", "C4C_SOAP", "IDoc", "SOAP", FlowTraits.Jms, 18, "INFO", "DEBMAS07",
            ["BusinessPartner", "IDocNumber"], "/cxf/idoc/debmas",
            ["com.sap.it.rt.adapter.http.api.exception.HttpResponseException: An internal server error occured: SOAP fault from C4C: Business partner {0} is locked by user CPI_RFC.",
             "javax.xml.ws.soap.SOAPFaultException: Mandatory field CountryCode is missing in BusinessPartner {0}"]),
        new("Create_Sales_Order_from_Webshop", "Create Sales Order from Webshop",
            "OrderToCashIntegration", "Order to Cash Integration",
            "WEBSHOP", "S4H_ODATA", "HTTPS", "OData", FlowTraits.Synchronous, 22, "INFO", null,
            ["PurchaseOrderByCustomer", "SalesOrder", "SoldToParty"], "/http/webshop/salesorders",
            ["com.sap.gateway.core.ip.component.odata.exception.OsciException: Bad Request : 400 : HTTP/1.1 : Sold-to party {0} is not defined for sales area 1010/10/00",
             "org.apache.camel.CamelExchangeException: Error during type conversion: unexpected element (uri:\"\", local:\"Order\") in purchase order {0}"]),
        new("Replicate_Employee_from_SuccessFactors", "Replicate Employee Master Data from SAP SuccessFactors",
            "SAPSuccessFactorsEmployeeCentralIntegrationwithSAPERP", "SAP SuccessFactors Employee Central Integration with SAP ERP",
            null, "S4H_100", "Timer", "SuccessFactors", FlowTraits.Timer, 6, "INFO", null,
            ["LastModifiedSince", "EmployeeCount"], null,
            ["com.sap.it.rt.adapter.successfactors.exception.SFOAuthException: Unable to fetch the access token: 401 Unauthorized for company ID SFPART0001{0}",
             "com.sap.it.rt.adapter.http.api.exception.HttpResponseException: Query timed out after 300000 ms while reading PerPerson page {0}"]),
        new("Send_Supplier_Invoice_to_Ariba", "Send Supplier Invoice to SAP Business Network",
            "SAPAribaIntegrationwithSAPS4HANA", "SAP Ariba Integration with SAP S/4HANA",
            "S4H_100", "ARIBA_NETWORK", "XI", "HTTP", FlowTraits.Jms, 12, "INFO", "INVOIC02",
            ["InvoiceNumber", "SupplierId"], "/cxf/xi/invoice",
            ["com.sap.it.rt.adapter.http.api.exception.HttpResponseException: An internal server error occured: 503 Service Unavailable while sending invoice {0}",
             "java.net.SocketTimeoutException: Read timed out while sending invoice {0} to https://service.ariba.com/B2B.aw"]),
        new("Distribute_Material_Master_to_Webshop", "Distribute Material Master to Webshop",
            "OrderToCashIntegration", "Order to Cash Integration",
            "S4H_100", "WEBSHOP_REST", "IDoc", "HTTP", FlowTraits.Jms, 14, "NONE", "MATMAS05",
            ["Material", "IDocNumber"], "/cxf/idoc/matmas",
            ["com.sap.it.rt.adapter.http.api.exception.HttpResponseException: An internal server error occured: 409 Conflict for product {0}"]),
        new("Poll_Payment_Advices_from_Bank_SFTP", "Poll Payment Advices from House Bank SFTP",
            "BankingIntegration", "Banking Integration",
            "BANK_SFTP", "S4H_100", "SFTP", "IDoc", FlowTraits.None, 8, "INFO", "REMADV",
            ["FileName", "PaymentRunId"], null,
            ["com.sap.it.rt.adapter.sftp.exception.SftpException: Parsing of camt.054 file {0} failed: Premature end of file.",
             "com.sap.it.rt.adapter.idoc.exception.IDocException: IDoc receiver S4H_100 refused payment advice {0}: Partner profile not available"]),
        new("Receive_EDI_Orders_via_AS2", "Receive EDIFACT Orders via AS2",
            "B2BEDIIntegration", "B2B EDI Integration",
            "RETAILER_AS2", "S4H_100", "AS2", "IDoc", FlowTraits.Synchronous, 7, "INFO", "ORDERS05",
            ["InterchangeControlReference", "BuyerGLN"], "/as2/as2/orders",
            ["com.sap.it.rt.adapter.as2.exception.AS2Exception: MDN signature verification failed for interchange {0}",
             "com.sap.conversion.edifact.EdifactConversionException: Segment UNH missing in interchange {0}"]),
        new("Import_Daily_Exchange_Rates", "Import Daily Exchange Rates",
            "FinanceMasterDataIntegration", "Finance Master Data Integration",
            null, "S4H_ODATA", "Timer", "OData", FlowTraits.Timer, 3, "TRACE", null,
            ["RateDate"], null,
            ["com.sap.it.rt.adapter.http.api.exception.HttpResponseException: 404 Not Found while reading eurofxref-daily.xml for {0}"]),
        new("Aggregate_Stock_Updates", "Aggregate Stock Updates for Marketplace",
            "OrderToCashIntegration", "Order to Cash Integration",
            "WAREHOUSE", "MARKETPLACE_API", "ProcessDirect", "HTTP", FlowTraits.Aggregator, 5, "INFO", null,
            ["WarehouseId", "AggregateCount"], null,
            ["org.apache.camel.processor.aggregate.ClosedCorrelationKeyException: The correlation key {0} has been closed"]),
        new("Notify_Operations_on_Failed_Messages", "Notify Operations on Failed Messages",
            "OperationsMonitoring", "Operations Monitoring",
            null, "MAIL_SMTP", "ProcessDirect", "Mail", FlowTraits.None, 3, "INFO", null,
            ["FailedMessageGuid"], null,
            ["com.sun.mail.smtp.SMTPSendFailedException: 554 5.7.1 Message rejected for failed message {0}"]),
    ];
}
