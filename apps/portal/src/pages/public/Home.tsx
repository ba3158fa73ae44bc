import { Col, Input, Row } from 'antd';
import { TeamOutlined, FileTextOutlined, MessageOutlined, FileSearchOutlined } from '@ant-design/icons';
import { Link, useNavigate } from 'react-router';
import { useTranslation } from 'react-i18next';

export default function PublicHome() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const cards = [
    { to: '/public/deputies', icon: <TeamOutlined />, title: t('nav.deputies'), body: t('public.cardDeputies') },
    { to: '/public/suggestions', icon: <FileTextOutlined />, title: t('nav.publicSuggestions'), body: t('public.cardSuggestions') },
    { to: '/public/opinions/new', icon: <MessageOutlined />, title: t('nav.opinion'), body: t('public.cardOpinion') },
    { to: '/public/opinions/track', icon: <FileSearchOutlined />, title: t('nav.track'), body: t('public.cardTrack') },
  ];
  return (
    <>
      <section className="hero">
        <h1>{t('public.heroTitle')}</h1>
        <p>{t('public.heroBody')}</p>
        <Input.Search
          size="large"
          enterButton={t('public.searchDeputies')}
          placeholder={t('public.searchPlaceholder')}
          aria-label={t('public.searchDeputies')}
          onSearch={(q) => navigate(q.trim() ? `/public/deputies?q=${encodeURIComponent(q.trim())}` : '/public/deputies')}
          className="hero-search"
        />
      </section>
      <Row gutter={[16, 16]}>
        {cards.map((c) => (
          <Col key={c.to} xs={24} sm={12} lg={6}>
            <Link to={c.to} className="card-link">
              {/* A plain card: antd's Card (with its tabs) would add 23 KB gzip to the first screen. */}
              <div className="entry-card">
                <div className="entry-icon" aria-hidden>{c.icon}</div>
                <h2 className="entry-title">{c.title}</h2>
                <span className="secondary">{c.body}</span>
              </div>
            </Link>
          </Col>
        ))}
      </Row>
    </>
  );
}
