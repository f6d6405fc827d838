import type { Config } from "../../config.js";
import type { Db } from "../../platform/db.js";
import { getCompany } from "../companies/companies.service.js";
import { type PushResult, sendPushToMember } from "../push/send-push.js";

/**
 * A push delivery's send: the payload the portal's service worker shows ({title, body, url, icon};
 * the icon is the company's portal icon, the url defaults to the portal), to every device the
 * member has subscribed at this moment.
 */
export async function sendPushDelivery(
  db: Db,
  config: Config,
  d: { companyId: string; memberId: string | null; title: string; body: string; url: string | null; now: Date },
): Promise<PushResult> {
  if (!d.memberId)
    return { ok: false, providerMessageId: null, response: "A push message needs a member", noDevices: true, allGone: false };
  const { slug } = await getCompany(db, d.companyId);
  const portal = `${config.publicUrl}/p/${encodeURIComponent(slug)}/`;
  return sendPushToMember({
    db,
    config,
    companyId: d.companyId,
    memberId: d.memberId,
    payload: { title: d.title, body: d.body, url: d.url || portal, icon: `${portal}icon-192.png` },
    now: d.now,
  });
}
