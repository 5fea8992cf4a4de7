//! The dedup window is bounded in bytes, not only in keys (issue 11): 200 pushes whose
//! MsgId is 1 MB each used to keep ~400 MiB alive for the TTL (the key twice: map and
//! queue). Runs in a process of its own ([`crate::alone`]), measuring the process's resident memory (`VmRSS`) after the
//! pushes: the 1 MB strings the test builds are freed (and, being large, returned to the
//! OS), so what stays is what the window holds.

use wx_api::push::{DedupStore, MemoryDedup};

fn rss_kib() -> u64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmRSS:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        .unwrap_or(0)
}

#[tokio::test(flavor = "current_thread")]
async fn megabyte_msg_ids_do_not_stay_in_memory() {
    if !crate::alone("push_dedup_memory::megabyte_msg_ids_do_not_stay_in_memory") {
        return;
    }
    if rss_kib() == 0 {
        eprintln!("no /proc/self/status: skipped");
        return;
    }
    let dedup = MemoryDedup::default();
    let before = rss_kib();
    for i in 0..200 {
        // The dedup key of a push whose MsgId is 1 MB (ToUserName:id:MsgId).
        let key = format!("gh_x:id:{i}{}", "9".repeat(1 << 20));
        assert!(dedup.first_seen(&key).await.unwrap());
        if i % 20 == 0 {
            assert!(
                !dedup.first_seen(&key).await.unwrap(),
                "a retry is a duplicate"
            );
        }
    }
    let grown_kib = rss_kib().saturating_sub(before);
    assert_eq!(dedup.len(), 200);
    // 200 MiB of keys before the fix (twice that held); a few KiB of hashes after.
    assert!(
        grown_kib < 16 * 1024,
        "resident memory grew by {grown_kib} KiB"
    );
}
