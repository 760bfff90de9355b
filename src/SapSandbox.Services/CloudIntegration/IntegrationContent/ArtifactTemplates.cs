using System.Security;
using System.Text;

namespace SapSandbox.Services.CloudIntegration.IntegrationContent;

/// <summary>An externalised parameter a flow is built with.</summary>
public sealed record ParameterDesign(string Key, string Value, string DataType = "xsd:string", string? Description = null, bool Required = false);

/// <summary>
/// An integration flow as the tenant's modeller would build it: one sender channel (or a timer) into an integration
/// process that ends in one receiver channel, addresses and credentials externalised as parameters.
/// </summary>
/// <param name="SenderAdapter">HTTPS, SOAP, IDoc, XI, AS2, SFTP, ProcessDirect, ..., or Timer for a scheduled start.</param>
/// <param name="SenderAddress">The address the sender channel listens on (<c>/webshop/salesorders</c>); none for pollers and timers.</param>
/// <param name="Unconfigured">A parameter the model uses that is left without a value, so the flow cannot be deployed.</param>
public sealed record FlowDesign(
    string Id, string Name, string Version, string Description,
    string? Sender, string SenderAdapter, string? SenderAddress,
    string? Receiver, string ReceiverAdapter, string ReceiverAddress,
    IReadOnlyList<ParameterDesign>? Parameters = null,
    IReadOnlyList<(string Name, string Text)>? Scripts = null,
    string? Unconfigured = null);

/// <summary>
/// Builds the bundles of design-time artifacts the way the tenant's editors lay them out: manifest, project file,
/// model, parameters and resources. The tenant's starting content is built here, and so is the empty artifact a
/// client creates without content.
/// </summary>
public static class ArtifactTemplates
{
    const string ImportPackages =
        "com.sap.esb.application.services.cxf.interceptor,com.sap.esb.security,com.sap.it.op.agent.api,com.sap.it.op.agent.collector.camel," +
        "com.sap.it.op.agent.collector.cxf,com.sap.it.op.agent.mpl,javax.jms,javax.jws,javax.wsdl,javax.xml.bind.annotation,javax.xml.namespace," +
        "javax.xml.ws,org.apache.camel;version=\"2.8\",org.apache.camel.builder;version=\"2.8\",org.apache.camel.model;version=\"2.8\"," +
        "org.apache.camel.processor;version=\"2.8\",org.apache.camel.spi,org.apache.commons.logging,org.apache.cxf.binding.soap,org.apache.cxf.endpoint," +
        "org.apache.cxf.interceptor,org.apache.cxf.message,org.apache.cxf.transport.http,org.osgi.framework;version=\"1.6.0\",org.slf4j;version=\"1.6\"";

    static ArtifactBundle Base(ArtifactType type, string id, string name, string version, string? description)
    {
        var bundle = new ArtifactBundle();
        bundle.Put(ArtifactBundle.ManifestPath, "");
        bundle.SetHeader("Manifest-Version", "1.0");
        bundle.SetHeader("Bundle-ManifestVersion", "2");
        bundle.SetIdentity(id, name, version);
        bundle.SetHeader("SAP-BundleType", type.BundleType);
        if (type == ArtifactType.IntegrationFlow)
        {
            bundle.SetHeader("SAP-NodeType", "IFLMAP");
            bundle.SetHeader("SAP-RuntimeProfile", "iflmap");
            bundle.SetHeader("Import-Package", ImportPackages);
        }
        bundle.SetHeader("Origin-Bundle-Name", name);
        bundle.SetHeader("Origin-Bundle-SymbolicName", id);
        bundle.Put(".project",
            $"<?xml version=\"1.0\" encoding=\"UTF-8\"?><projectDescription><name>{Xml(id)}</name><comment/><projects/><buildSpec><buildCommand>" +
            "<name>org.eclipse.jdt.core.javabuilder</name><arguments/></buildCommand></buildSpec><natures><nature>org.eclipse.jdt.core.javanature</nature>" +
            "<nature>com.sap.ide.ifl.project.support.project.nature</nature><nature>com.sap.ide.ifl.bsn</nature></natures></projectDescription>");
        bundle.Put("metainfo.prop", ArtifactBundle.WriteProperties([new("description", description ?? "")]));
        return bundle;
    }

    /// <summary>What the tenant creates for a new artifact sent without content: an empty model of its kind.</summary>
    public static ArtifactBundle Empty(ArtifactType type, string id, string name, string version)
    {
        if (type == ArtifactType.IntegrationFlow)
            return Flow(new FlowDesign(id, name, version, "", null, "", null, null, "", ""));
        if (type == ArtifactType.ValueMapping) return ValueMapping(id, name, version, "", []);
        if (type == ArtifactType.MessageMapping) return MessageMapping(id, name, version, "", "Source", "Target");
        return ScriptCollection(id, name, version, "", []);
    }

    public static ArtifactBundle Flow(FlowDesign design)
    {
        var bundle = Base(ArtifactType.IntegrationFlow, design.Id, design.Name, design.Version, design.Description);
        var parameters = new List<ParameterDesign>();
        var timer = design.SenderAdapter == "Timer";
        if (design.SenderAddress != null) parameters.Add(new("Sender_Address", design.SenderAddress, Description: $"Address of the {design.SenderAdapter} sender channel"));
        if (timer) parameters.Add(new("Timer_Schedule", "0 0/15 * ? * * *", Description: "When the flow starts (cron expression)"));
        if (design.ReceiverAdapter.Length > 0)
        {
            parameters.Add(new("Receiver_Address", design.ReceiverAddress, Description: $"Address of the {design.ReceiverAdapter} receiver", Required: true));
            parameters.Add(new("Receiver_Credential", (design.Receiver ?? "RECEIVER") + "_CREDENTIALS", Description: "Name of the deployed user credential"));
            parameters.Add(new("Receiver_Timeout", "60000", "xsd:integer", "Timeout in milliseconds"));
        }
        parameters.AddRange(design.Parameters ?? []);
        if (design.Unconfigured != null) parameters.Add(new(design.Unconfigured, "", Description: "Must be configured before the flow is deployed", Required: true));

        bundle.Put(ArtifactBundle.ParametersPath, ArtifactBundle.WriteProperties(parameters.Select(p => new KeyValuePair<string, string>(p.Key, p.Value))));
        bundle.Put(ArtifactBundle.DefinitionsPath, Definitions(parameters));
        foreach (var (name, text) in design.Scripts ?? []) bundle.Put("src/main/resources/script/" + name, text);
        bundle.Put(ArtifactBundle.FlowFolder + design.Id + ".iflw", Model(design, timer));
        return bundle;
    }

    static string Definitions(IReadOnlyList<ParameterDesign> parameters)
    {
        var xml = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"no\"?><parameters>");
        foreach (var p in parameters)
            xml.Append("<parameter><key>").Append(Xml(p.Key)).Append("</key><name>").Append(Xml(p.Key)).Append("</name><type>").Append(Xml(p.DataType))
               .Append("</type><description>").Append(Xml(p.Description ?? "")).Append("</description><isRequired>").Append(p.Required ? "true" : "false")
               .Append("</isRequired></parameter>");
        xml.Append("<param_references>");
        foreach (var p in parameters)
            xml.Append("<param_reference><param_key>").Append(Xml(p.Key)).Append("</param_key><attribute_category>Channel</attribute_category></param_reference>");
        return xml.Append("</param_references></parameters>").ToString();
    }

    static string Property(string key, string value) => $"<ifl:property><key>{Xml(key)}</key><value>{Xml(value)}</value></ifl:property>";

    /// <summary>The BPMN model: a collaboration of sender, receiver and the integration process, and the process itself.</summary>
    static string Model(FlowDesign design, bool timer)
    {
        var hasSender = !timer && design.SenderAdapter.Length > 0;
        var hasReceiver = design.ReceiverAdapter.Length > 0;
        var model = new StringBuilder();
        model.Append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>")
            .Append("<bpmn2:definitions xmlns:bpmn2=\"http://www.omg.org/spec/BPMN/20100524/MODEL\" xmlns:bpmndi=\"http://www.omg.org/spec/BPMN/20100524/DI\" ")
            .Append("xmlns:dc=\"http://www.omg.org/spec/DD/20100524/DC\" xmlns:di=\"http://www.omg.org/spec/DD/20100524/DI\" ")
            .Append("xmlns:ifl=\"http:///com.sap.ifl.model/Ifl.xsd\" xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" id=\"Definitions_1\">")
            .Append("<bpmn2:collaboration id=\"Collaboration_1\" name=\"Default Collaboration\"><bpmn2:extensionElements>")
            .Append(Property("namespaceMapping", "")).Append(Property("allowedHeaderList", "")).Append(Property("httpSessionHandling", "None"))
            .Append(Property("ServerTrace", "false")).Append(Property("returnExceptionToSender", "false")).Append(Property("log", "All events"))
            .Append(Property("componentVersion", "1.2")).Append(Property("cmdVariantUri", "ctype::IFlowVariant/cname::IFlowConfiguration/version::1.2.4"))
            .Append("</bpmn2:extensionElements>");
        if (hasSender)
            model.Append($"<bpmn2:participant id=\"Participant_1\" ifl:type=\"EndpointSender\" name=\"{Xml(design.Sender ?? "Sender")}\"><bpmn2:extensionElements>")
                .Append(Property("enableBasicAuthentication", "false")).Append(Property("ifl:type", "EndpointSender")).Append("</bpmn2:extensionElements></bpmn2:participant>");
        if (hasReceiver)
            model.Append($"<bpmn2:participant id=\"Participant_2\" ifl:type=\"EndpointRecevier\" name=\"{Xml(design.Receiver ?? "Receiver")}\"><bpmn2:extensionElements>")
                .Append(Property("ifl:type", "EndpointRecevier")).Append("</bpmn2:extensionElements></bpmn2:participant>");
        model.Append("<bpmn2:participant id=\"Participant_Process_1\" ifl:type=\"IntegrationProcess\" name=\"Integration Process\" processRef=\"Process_1\">")
            .Append("<bpmn2:extensionElements/></bpmn2:participant>");
        if (hasSender)
        {
            var addressKey = design.SenderAdapter == "HTTPS" ? "urlPath" : "address";
            model.Append($"<bpmn2:messageFlow id=\"MessageFlow_1\" name=\"{Xml(design.SenderAdapter)}\" sourceRef=\"Participant_1\" targetRef=\"StartEvent_1\"><bpmn2:extensionElements>")
                .Append(Property("ComponentType", design.SenderAdapter)).Append(Property("Description", "")).Append(Property("ComponentNS", "sap"))
                .Append(Property("Name", design.SenderAdapter)).Append(Property("direction", "Sender")).Append(Property("system", design.Sender ?? "Sender"))
                .Append(Property("TransportProtocol", design.SenderAdapter)).Append(Property("MessageProtocol", "None"));
            if (design.SenderAddress != null) model.Append(Property(addressKey, "{{Sender_Address}}"));
            model.Append(Property("senderAuthType", "RoleBased")).Append(Property("userRole", "ESBMessaging.send"))
                .Append(Property("cmdVariantUri", $"ctype::AdapterVariant/cname::sap:{design.SenderAdapter}/tp::{design.SenderAdapter}/mp::None/direction::Sender/version::1.5.0"))
                .Append("</bpmn2:extensionElements></bpmn2:messageFlow>");
        }
        if (hasReceiver)
        {
            model.Append($"<bpmn2:messageFlow id=\"MessageFlow_2\" name=\"{Xml(design.ReceiverAdapter)}\" sourceRef=\"ServiceTask_1\" targetRef=\"Participant_2\"><bpmn2:extensionElements>")
                .Append(Property("ComponentType", design.ReceiverAdapter)).Append(Property("Description", "")).Append(Property("ComponentNS", "sap"))
                .Append(Property("Name", design.ReceiverAdapter)).Append(Property("direction", "Receiver")).Append(Property("system", design.Receiver ?? "Receiver"))
                .Append(Property("address", "{{Receiver_Address}}")).Append(Property("credentialName", "{{Receiver_Credential}}"))
                .Append(Property("requestTimeout", "{{Receiver_Timeout}}"));
            if (design.Unconfigured != null) model.Append(Property("proxyHost", "{{" + design.Unconfigured + "}}"));
            model.Append(Property("cmdVariantUri", $"ctype::AdapterVariant/cname::sap:{design.ReceiverAdapter}/tp::HTTP/mp::None/direction::Receiver/version::1.9.0"))
                .Append("</bpmn2:extensionElements></bpmn2:messageFlow>");
        }
        model.Append("</bpmn2:collaboration>");

        model.Append("<bpmn2:process id=\"Process_1\" name=\"Integration Process\"><bpmn2:extensionElements>")
            .Append(Property("transactionTimeout", "30")).Append(Property("componentVersion", "1.1"))
            .Append(Property("cmdVariantUri", "ctype::FlowElementVariant/cname::IntegrationProcess/version::1.1.3")).Append(Property("transactionalHandling", "Not Required"))
            .Append("</bpmn2:extensionElements>");
        model.Append("<bpmn2:startEvent id=\"StartEvent_1\" name=\"Start\">");
        if (timer)
            model.Append("<bpmn2:extensionElements>").Append(Property("scheduleKey", "{{Timer_Schedule}}"))
                .Append(Property("cmdVariantUri", "ctype::FlowstepVariant/cname::intermediatetimer/version::1.0.2")).Append("</bpmn2:extensionElements>");
        model.Append("<bpmn2:outgoing>SequenceFlow_1</bpmn2:outgoing>").Append(timer ? "<bpmn2:timerEventDefinition/>" : "<bpmn2:messageEventDefinition/>").Append("</bpmn2:startEvent>");
        var steps = new List<string>();
        foreach (var (name, _) in design.Scripts ?? [])
        {
            var id = "CallActivity_" + (steps.Count + 1);
            steps.Add(id);
            model.Append($"<bpmn2:callActivity id=\"{id}\" name=\"{Xml(Path.GetFileNameWithoutExtension(name))}\"><bpmn2:extensionElements>")
                .Append(Property("scriptFunction", "processData")).Append(Property("script", name)).Append(Property("activityType", "Script"))
                .Append(Property("subActivityType", "GroovyScript")).Append(Property("cmdVariantUri", "ctype::FlowstepVariant/cname::GroovyScript/version::1.1.2"))
                .Append("</bpmn2:extensionElements></bpmn2:callActivity>");
        }
        if (hasReceiver)
        {
            steps.Add("ServiceTask_1");
            model.Append("<bpmn2:serviceTask id=\"ServiceTask_1\" name=\"Request Reply\"><bpmn2:extensionElements>")
                .Append(Property("activityType", "ExternalCall")).Append(Property("cmdVariantUri", "ctype::FlowstepVariant/cname::ExternalCall/version::1.0.4"))
                .Append("</bpmn2:extensionElements></bpmn2:serviceTask>");
        }
        model.Append("<bpmn2:endEvent id=\"EndEvent_1\" name=\"End\"><bpmn2:incoming>SequenceFlow_").Append(steps.Count + 1)
            .Append("</bpmn2:incoming><bpmn2:messageEventDefinition/></bpmn2:endEvent>");
        var chain = new List<string> { "StartEvent_1" };
        chain.AddRange(steps);
        chain.Add("EndEvent_1");
        for (var i = 0; i + 1 < chain.Count; i++)
            model.Append($"<bpmn2:sequenceFlow id=\"SequenceFlow_{i + 1}\" sourceRef=\"{chain[i]}\" targetRef=\"{chain[i + 1]}\"/>");
        model.Append("</bpmn2:process></bpmn2:definitions>");
        return model.ToString();
    }

    /// <summary>A value mapping: groups of values, each the same thing under several agencies and identifiers.</summary>
    public static ArtifactBundle ValueMapping(string id, string name, string version, string description,
        IReadOnlyList<(string SrcAgency, string SrcId, string TgtAgency, string TgtId, (string Source, string Target)[] Values)> mappings)
    {
        var bundle = Base(ArtifactType.ValueMapping, id, name, version, description);
        var xml = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?><vm version=\"2.0\">");
        var group = 0;
        foreach (var (srcAgency, srcId, tgtAgency, tgtId, values) in mappings)
            foreach (var (source, target) in values)
            {
                xml.Append($"<group id=\"{TenantContent.StableGuid($"{id}:{++group}").Replace("-", "")}\">")
                   .Append($"<entry><agency>{Xml(srcAgency)}</agency><schema>{Xml(srcId)}</schema><value>{Xml(source)}</value></entry>")
                   .Append($"<entry><agency>{Xml(tgtAgency)}</agency><schema>{Xml(tgtId)}</schema><value>{Xml(target)}</value></entry>")
                   .Append("</group>");
            }
        bundle.Put(ArtifactBundle.ValueMappingPath, xml.Append("</vm>").ToString());
        return bundle;
    }

    /// <summary>A message mapping from one message type to another, with its source and target schemas.</summary>
    public static ArtifactBundle MessageMapping(string id, string name, string version, string description, string source, string target)
    {
        var bundle = Base(ArtifactType.MessageMapping, id, name, version, description);
        bundle.Put($"src/main/resources/xsd/{source}.xsd", Schema(source));
        bundle.Put($"src/main/resources/xsd/{target}.xsd", Schema(target));
        bundle.Put($"src/main/resources/mapping/{id}.mmap",
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?><ns2:MessageMapping xmlns:ns2=\"http://sap.com/xi/XI/Mapping\">" +
            $"<SourceMessage><Schema>src/main/resources/xsd/{Xml(source)}.xsd</Schema></SourceMessage>" +
            $"<TargetMessage><Schema>src/main/resources/xsd/{Xml(target)}.xsd</Schema></TargetMessage>" +
            $"<Transformation><brick path=\"/{Xml(target)}/Id\"><arg path=\"/{Xml(source)}/Id\"/></brick></Transformation></ns2:MessageMapping>");
        return bundle;
    }

    static string Schema(string element) =>
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?><xsd:schema xmlns:xsd=\"http://www.w3.org/2001/XMLSchema\">" +
        $"<xsd:element name=\"{Xml(element)}\"><xsd:complexType><xsd:sequence><xsd:element name=\"Id\" type=\"xsd:string\"/>" +
        "<xsd:element name=\"Amount\" type=\"xsd:decimal\" minOccurs=\"0\"/></xsd:sequence></xsd:complexType></xsd:element></xsd:schema>";

    /// <summary>A script collection: Groovy scripts other artifacts of the package call.</summary>
    public static ArtifactBundle ScriptCollection(string id, string name, string version, string description, IReadOnlyList<(string Name, string Text)> scripts)
    {
        var bundle = Base(ArtifactType.ScriptCollection, id, name, version, description);
        foreach (var (file, text) in scripts) bundle.Put("src/main/resources/script/" + file, text);
        return bundle;
    }

    static string Xml(string text) => SecurityElement.Escape(text) ?? "";
}
