import { toGraphUser, type DirectoryUser, type GraphUser } from '../directory/index.ts';

/** A user as the Office 365 Users connector answers (Graph field names), filled from LDAP; `id` is the entry's GUID. */
export interface Office365User extends GraphUser {
  mailNickname: string | null;
  city: string | null;
}

/** The Office 365 Users shape of a directory entry: the Graph user fields plus the alias and city. */
export function toOffice365User(user: DirectoryUser): Office365User {
  const first = (name: string) => user.attributes[Object.keys(user.attributes).find((k) => k.toLowerCase() === name.toLowerCase()) ?? '']?.[0] ?? null;
  const graph = toGraphUser(user);
  return { ...graph, mailNickname: graph.onPremisesSamAccountName, city: first('l') };
}

/** The DN in the user's `manager` attribute, or null when it has none. */
export function managerDnOf(user: DirectoryUser): string | null {
  return user.attributes[Object.keys(user.attributes).find((k) => k.toLowerCase() === 'manager') ?? '']?.[0] ?? null;
}
