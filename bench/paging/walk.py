"""Pages through an entity set by following @odata.nextLink, as a client that reads everything does, and samples the
server's memory (VmRSS from /proc) as it goes. Prints one JSON object: pages, rows, seconds, the RSS samples and the
URL of each page asked for (so late pages can be measured on their own)."""
import json, sys, time, urllib.parse, urllib.request

base, first, pid, auth = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4]
every = int(sys.argv[5]) if len(sys.argv) > 5 else 50

def rss_kib():
    with open(f"/proc/{pid}/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return 0

url, pages, rows, urls, samples = base + first, 0, 0, [], []
start = time.monotonic()
while url:
    urls.append(url[len(base):])
    request = urllib.request.Request(url, headers={"Authorization": auth, "Accept": "application/json"})
    with urllib.request.urlopen(request) as response:
        body = json.load(response)
    pages += 1
    rows += len(body["value"])
    next_link = body.get("@odata.nextLink")
    url = urllib.parse.urljoin(url, next_link) if next_link else None
    if pages % every == 0 or not url:
        samples.append({"page": pages, "rows": rows, "rss_kib": rss_kib(), "seconds": round(time.monotonic() - start, 1)})
print(json.dumps({"pages": pages, "rows": rows, "seconds": round(time.monotonic() - start, 1), "samples": samples, "urls": urls}))
