/** Hash routes: the server serves one index.html, so the path never changes and no server fallback is needed. */
export type Route =
  | { name: 'login' }
  | { name: 'register' }
  | { name: 'chats' }
  | { name: 'chat'; chatId: number }
  | { name: 'settings' };

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
    case 'chat': {
      const chatId = Number(arg);
      return Number.isSafeInteger(chatId) && chatId > 0 ? { name: 'chat', chatId } : { name: 'chats' };
    }
    default:
      return { name: 'chats' };
  }
}

export function routeHash(route: Route): string {
  return route.name === 'chat' ? `#/chat/${route.chatId}` : `#/${route.name}`;
}
