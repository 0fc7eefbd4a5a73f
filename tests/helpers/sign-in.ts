import type { Page } from "playwright-core";
import { firstLink, type startSmtpServer } from "./smtp";

/** Signs in through the real form and the magic link the SMTP server caught. */
export async function signIn(page: Page, appUrl: string, smtp: Awaited<ReturnType<typeof startSmtpServer>>, email: string) {
  await page.goto(`${appUrl}/sign-in`);
  await page.getByLabel("Email").fill(email);
  await page.getByRole("button", { name: /sign-in link/i }).click();
  await page.waitForURL(/\/verify-request/);
  const mail = await smtp.waitForMail(email, /Sign in/);
  await page.goto(firstLink(mail, /http:\/\/127\.0\.0\.1:\d+\/api\/auth\/callback\/nodemailer\S+/));
}
