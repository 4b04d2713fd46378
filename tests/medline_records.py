"""Small MEDLINE records written for the tests (own text, real PubmedArticleSet structure)."""
from __future__ import annotations

HEADER = '<?xml version="1.0" encoding="UTF-8"?>\n<PubmedArticleSet>\n'
FOOTER = "</PubmedArticleSet>\n"


def article(pmid: str | None = "1001", *, title: str = "A trial of drug A in tumour B.",
            abstract: list[tuple[str | None, str]] | None = None, doi: str | None = None,
            year: str = "2020", lang: str = "eng", nct: str | None = None, extra: str = "") -> str:
    abstract = [("RESULTS", "Twenty patients were treated; the response rate was 30%.")] if abstract is None else abstract
    pmid_xml = f'<PMID Version="1">{pmid}</PMID>' if pmid is not None else ""
    sections = "".join(
        f'<AbstractText Label="{label}" NlmCategory="{label}">{text}</AbstractText>' if label
        else f"<AbstractText>{text}</AbstractText>" for label, text in abstract)
    abstract_xml = f"<Abstract>{sections}</Abstract>" if abstract else ""
    databank = (f"<DataBankList><DataBank><DataBankName>ClinicalTrials.gov</DataBankName><AccessionNumberList>"
                f"<AccessionNumber>{nct}</AccessionNumber></AccessionNumberList></DataBank></DataBankList>") if nct else ""
    ids = f'<ArticleId IdType="pubmed">{pmid}</ArticleId>' if pmid else ""
    ids += f'<ArticleId IdType="doi">{doi}</ArticleId>' if doi else ""
    return (f'<PubmedArticle><MedlineCitation Status="MEDLINE" Owner="NLM">{pmid_xml}'
            f'<Article PubModel="Print"><Journal><Title>Journal of Tests</Title><JournalIssue><PubDate>'
            f"<Year>{year}</Year></PubDate></JournalIssue></Journal><ArticleTitle>{title}</ArticleTitle>"
            f"{abstract_xml}<AuthorList><Author><LastName>Müller</LastName><ForeName>Anna</ForeName>"
            f"<Initials>A</Initials></Author><Author><CollectiveName>The Test Group</CollectiveName></Author>"
            f"</AuthorList><Language>{lang}</Language>{databank}<PublicationTypeList><PublicationType>"
            f"Clinical Trial, Phase II</PublicationType></PublicationTypeList></Article>"
            f'<MeshHeadingList><MeshHeading><DescriptorName MajorTopicYN="Y">Neoplasms</DescriptorName>'
            f'<QualifierName MajorTopicYN="N">drug therapy</QualifierName></MeshHeading></MeshHeadingList>'
            f"{extra}</MedlineCitation><PubmedData><ArticleIdList>{ids}</ArticleIdList></PubmedData></PubmedArticle>\n")


def article_set(*records: str) -> str:
    return HEADER + "".join(records) + FOOTER
