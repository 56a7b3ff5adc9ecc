/** Hash routes: the server serves one index.html, so the path never changes and no server fallback is needed. */
export type Route =
  | { name: 'login' }
  | { name: 'register' }
  | { name: 'chats' }
  | { name: 'chat'; chatId: number }
  | { name: 'settings' }
  | { name: 'join'; token: string };

export function parseRoute(hash: string): Route {
  const path = hash.replace(/^#\/?/, '');
  const [head, arg] = path.split('/');
  switch (head) {
    case 'register':
      return { name: 'register' };
    case 'login':
      return { name: 'login' };
    case 'settings':
      return { name: 'settings' };
    case 'join':
      // Invite tokens are 22 characters of [A-Za-z0-9_-] (docs/protocol/channels.md).
      return arg !== undefined && /^[A-Za-z0-9_-]{1,64}$/.test(arg) ? { name: 'join', token: arg } : { name: 'chats' };
    case 'chat': {
      const chatId = Number(arg);
      return Number.isSafeInteger(chatId) && chatId > 0 ? { name: 'chat', chatId } : { name: 'chats' };
    }
    default:
      return { name: 'chats' };
  }
}

export function routeHash(route: Route): string {
  if (route.name === 'chat') return `#/chat/${route.chatId}`;
  if (route.name === 'join') return `#/join/${route.token}`;
  return `#/${route.name}`;
}
