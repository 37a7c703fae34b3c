#include "render/pdf/pdf_xmp.h"

#include "core/util/strbuf.h"

/* XML text: the five special characters escaped; C0 controls other than
 * tab, LF and CR are not allowed in XML 1.0 at all, so they are dropped
 * (the Info dictionary keeps them, but no report title has any). */
static void add_escaped(struct strbuf *b, const char *s)
{
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;

		if (c == '&')
			strbuf_adds(b, "&amp;");
		else if (c == '<')
			strbuf_adds(b, "&lt;");
		else if (c == '>')
			strbuf_adds(b, "&gt;");
		else if (c == '"')
			strbuf_adds(b, "&quot;");
		else if (c >= 0x20 || c == '\t' || c == '\n' || c == '\r')
			strbuf_addch(b, (char)c);
	}
}

static int present(const char *s)
{
	return s && *s;
}

/* <tag>value</tag> when there is a value */
static void add_simple(struct strbuf *b, const char *tag, const char *v)
{
	if (!present(v))
		return;
	strbuf_addf(b, "   <%s>", tag);
	add_escaped(b, v);
	strbuf_addf(b, "</%s>\n", tag);
}

/* dc:title and dc:description are language alternatives, dc:creator an
 * ordered list (XMP Specification Part 1, 8.3) */
static void add_container(struct strbuf *b, const char *tag, const char *kind, const char *v)
{
	if (!present(v))
		return;
	strbuf_addf(b, "   <%s><rdf:%s><rdf:li%s>", tag, kind,
		    kind[0] == 'A' ? " xml:lang=\"x-default\"" : "");
	add_escaped(b, v);
	strbuf_addf(b, "</rdf:li></rdf:%s></%s>\n", kind, tag);
}

/* The pdfuaid schema described for PDF/A (ISO 19005-2 6.6.2.3.2). */
static const char pdfua_extension[] =
	"   <pdfaExtension:schemas>\n    <rdf:Bag>\n     <rdf:li rdf:parseType=\"Resource\">\n"
	"      <pdfaSchema:schema>PDF/UA Universal Accessibility Schema</pdfaSchema:schema>\n"
	"      <pdfaSchema:namespaceURI>http://www.aiim.org/pdfua/ns/id/</pdfaSchema:namespaceURI>\n"
	"      <pdfaSchema:prefix>pdfuaid</pdfaSchema:prefix>\n"
	"      <pdfaSchema:property>\n       <rdf:Seq>\n        <rdf:li rdf:parseType=\"Resource\">\n"
	"         <pdfaProperty:name>part</pdfaProperty:name>\n"
	"         <pdfaProperty:valueType>Integer</pdfaProperty:valueType>\n"
	"         <pdfaProperty:category>internal</pdfaProperty:category>\n"
	"         <pdfaProperty:description>Indicates, which part of ISO 14289 standard is "
	"followed</pdfaProperty:description>\n"
	"        </rdf:li>\n       </rdf:Seq>\n      </pdfaSchema:property>\n"
	"     </rdf:li>\n    </rdf:Bag>\n   </pdfaExtension:schemas>\n";

char *pdf_xmp_packet(const struct pdf_xmp *m, size_t *len)
{
	struct strbuf b = {0};

	/* The xpacket id is the fixed one of the XMP specification; the BOM
	 * in begin says the packet is UTF-8. */
	strbuf_adds(&b, "<?xpacket begin=\"\xEF\xBB\xBF\" id=\"W5M0MpCehiHzreSzNTczkc9d\"?>\n"
			"<x:xmpmeta xmlns:x=\"adobe:ns:meta/\">\n"
			" <rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\">\n");
	/* PDF/A: the pdfuaid schema described in a description of its own,
	 * before the one that uses it (PDFBox Preflight reads them in order) */
	if (m->pdfua_part > 0 && m->pdfa_part > 0) {
		strbuf_adds(&b, "  <rdf:Description rdf:about=\"\""
				"\n    xmlns:pdfaExtension=\"http://www.aiim.org/pdfa/ns/extension/\""
				"\n    xmlns:pdfaSchema=\"http://www.aiim.org/pdfa/ns/schema#\""
				"\n    xmlns:pdfaProperty=\"http://www.aiim.org/pdfa/ns/property#\">\n");
		strbuf_adds(&b, pdfua_extension);
		strbuf_adds(&b, "  </rdf:Description>\n");
	}
	strbuf_adds(&b, "  <rdf:Description rdf:about=\"\"\n"
			"    xmlns:dc=\"http://purl.org/dc/elements/1.1/\"\n"
			"    xmlns:xmp=\"http://ns.adobe.com/xap/1.0/\"\n"
			"    xmlns:pdf=\"http://ns.adobe.com/pdf/1.3/\"");
	if (m->pdfa_part > 0)
		strbuf_adds(&b, "\n    xmlns:pdfaid=\"http://www.aiim.org/pdfa/ns/id/\"");
	if (m->pdfua_part > 0)
		strbuf_adds(&b, "\n    xmlns:pdfuaid=\"http://www.aiim.org/pdfua/ns/id/\"");
	strbuf_adds(&b, ">\n   <dc:format>application/pdf</dc:format>\n");
	add_container(&b, "dc:title", "Alt", m->title);
	add_container(&b, "dc:creator", "Seq", m->author);
	add_container(&b, "dc:description", "Alt", m->subject);
	add_simple(&b, "pdf:Keywords", m->keywords);
	add_simple(&b, "pdf:Producer", m->producer);
	add_simple(&b, "xmp:CreatorTool", m->creator);
	add_simple(&b, "xmp:CreateDate", m->date);
	add_simple(&b, "xmp:ModifyDate", m->date);
	if (m->pdfa_part > 0) {
		strbuf_addf(&b, "   <pdfaid:part>%d</pdfaid:part>\n", m->pdfa_part);
		add_simple(&b, "pdfaid:conformance", m->pdfa_conformance);
	}
	if (m->pdfua_part > 0)
		strbuf_addf(&b, "   <pdfuaid:part>%d</pdfuaid:part>\n", m->pdfua_part);
	/* end="w": the packet may be edited in place (no padding is kept,
	 * which only makes such an edit rewrite the stream) */
	strbuf_adds(&b, "  </rdf:Description>\n </rdf:RDF>\n</x:xmpmeta>\n"
			"<?xpacket end=\"w\"?>");
	return strbuf_detach(&b, len);
}
