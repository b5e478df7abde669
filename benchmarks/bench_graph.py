"""Build the citation graph over 10,000 synthetic records and print the time.

    python benchmarks/bench_graph.py [N]
"""
import random
import sys
import time

from pipeline.graph import build_graph

PROVINCES = ["浙江省", "山西省", "吉林省", "海南省", "江苏省", "山东省", "湖南省", "广东省"]
ABBR = {"浙江省": "浙", "山西省": "晋", "吉林省": "吉", "海南省": "琼", "江苏省": "苏", "山东省": "鲁", "湖南省": "湘", "广东省": "粤"}


def synthetic(n: int, seed: int = 1) -> list[dict]:
    rnd = random.Random(seed)
    recs = []
    nat = max(10, n // 100)
    prov = max(50, n // 10)
    for i in range(n):
        year = 2015 + i % 9
        if i < nat:
            level, p, dn = "national", None, f"教职成厅函〔{year}〕{i}号"
            title = f"教育部办公厅关于开展第{i}项全国工作的通知"
            cites = []
        elif i < nat + prov:
            level, p = "provincial", rnd.choice(PROVINCES)
            dn = f"{ABBR[p]}教发〔{year}〕{i}号"
            title = f"{p}教育厅关于贯彻第{i}项工作的通知"
            j = rnd.randrange(nat)
            cites = [{"doc_number": f"教职成厅函〔{2015 + j % 9}〕{j}号", "title": None}]
        else:
            level, p = rnd.choice(["municipal", "county"]), rnd.choice(PROVINCES)
            dn = None if rnd.random() < 0.5 else f"{ABBR[p]}市教〔{year}〕{i}号"
            title = f"某{'市' if level == 'municipal' else '县'}教育局关于落实第{i}项工作的通知"
            j = nat + rnd.randrange(prov)
            pj = recs[j]
            cites = [{"doc_number": pj["doc_number"], "title": pj["title"]} if rnd.random() < 0.6 else
                     {"doc_number": None, "title": pj["title"].replace("教育厅", "教育厅办公室")},
                     {"doc_number": None, "title": f"关于未收录的第{i}号文件的意见"}]
        recs.append({"id": f"r{i}", "source": {"path": f"r{i}.txt"}, "doc_number": dn, "title": title, "issuer": None,
                     "level": level, "region": {"province": p, "city": None, "county": None},
                     "issue_date": f"{year}-06-01", "cites": cites})
    return recs


def main() -> int:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 10_000
    recs = synthetic(n)
    t = time.perf_counter()
    g = build_graph(recs)
    dt = time.perf_counter() - t
    hows = {}
    for _, _, d in g.edges(data=True):
        hows[d["resolved_by"]] = hows.get(d["resolved_by"], 0) + 1
    print(f"{n} records -> {g.number_of_nodes()} nodes, {g.number_of_edges()} edges in {dt:.2f} s "
          f"({n / dt:,.0f} records/s); resolved: {hows}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
